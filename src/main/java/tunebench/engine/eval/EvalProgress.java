package tunebench.engine.eval;

/**
 * Where an evaluation stands after a batch, in plain numbers for a progress bar.
 *
 * @param metric "exact_match" or "perplexity"
 * @param done   examples finished so far
 * @param total  examples in the evaluation
 * @param value  the running metric: accuracy so far, or mean token loss so far
 */
public record EvalProgress(String metric, int done, int total, double value) {}
