package tunebench.engine.train;

/**
 * One optimizer step: the line written to metrics.jsonl.
 *
 * @param step 1-based number of completed optimizer steps
 * @param epoch fractional epochs of data seen
 * @param loss mean token loss over the step's (accumulated) batch
 * @param gradNorm global gradient norm before clipping
 * @param tokensPerS input tokens (padding excluded) per second of this step
 */
public record StepMetrics(int step, int totalSteps, double epoch, double loss, double lr,
        double gradNorm, double tokensPerS, double elapsedS) {}
