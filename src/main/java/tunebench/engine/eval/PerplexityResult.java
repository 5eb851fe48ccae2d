package tunebench.engine.eval;

/**
 * Mean token loss over an eval file's answers and its exponential.
 *
 * @param examples examples scored (those with at least one answer token left after truncation)
 * @param tokens   answer tokens the loss averages over
 * @param loss     mean negative log-likelihood per token, NaN when no token was scored
 * @param perplexity exp(loss)
 */
public record PerplexityResult(int examples, long tokens, double loss, double perplexity) {

    static PerplexityResult of(int examples, long tokens, double sum) {
        double loss = tokens == 0 ? Double.NaN : sum / tokens;
        return new PerplexityResult(examples, tokens, loss, Math.exp(loss));
    }
}
