package tunebench.engine.eval;

/**
 * How an exact-match evaluation runs: prompts per generation batch, the cap on new tokens,
 * and how answers are normalised before comparing.
 *
 * @param batchSize    prompts generated together (left-padded)
 * @param maxNewTokens at most this many new tokens; 0 = the reference's length plus
 *                     {@link #SLACK_TOKENS}, which is all a correct answer needs
 */
public record ExactMatchSpec(int batchSize, int maxNewTokens, AnswerNormalization normalization) {

    /** Room beyond the reference's length, for an end-of-turn token and tokenization drift. */
    public static final int SLACK_TOKENS = 16;

    public ExactMatchSpec {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be 0 (automatic) or more, got "
                    + maxNewTokens);
        }
        if (normalization == null) {
            normalization = AnswerNormalization.strict();
        }
    }

    public static ExactMatchSpec defaults() {
        return new ExactMatchSpec(16, 0, AnswerNormalization.strict());
    }

    public ExactMatchSpec withBatchSize(int n) {
        return new ExactMatchSpec(n, maxNewTokens, normalization);
    }

    public ExactMatchSpec withMaxNewTokens(int n) {
        return new ExactMatchSpec(batchSize, n, normalization);
    }

    public ExactMatchSpec withNormalization(AnswerNormalization n) {
        return new ExactMatchSpec(batchSize, maxNewTokens, n);
    }

    /** New tokens to allow for a reference of this many tokens. */
    int budgetFor(int referenceTokens) {
        int auto = referenceTokens + SLACK_TOKENS;
        return maxNewTokens > 0 ? Math.min(auto, maxNewTokens) : auto;
    }
}
