package tunebench.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import tunebench.engine.model.CausalLm;

/**
 * How likely a model finds a given continuation, token by token: teacher forcing, one forward
 * pass over prompt + continuation, and the log-probability each position gave the token that
 * actually came next. With another adapter active, the same text is scored under another
 * model, which is how the Compare screen shows where two models disagree.
 */
public final class TokenScorer {

    private final CausalLm model;

    /** Scores with whatever adapter is active on {@code model} when {@link #logProbs} runs. */
    public TokenScorer(CausalLm model) {
        this.model = model;
    }

    /**
     * @param prompt the context, at least one token (the first continuation token is
     *     predicted from its last position)
     * @param continuation the tokens to score, e.g. a generated answer with its eos
     * @return log p(continuation[i] | prompt, continuation[0..i)) in nats, one per token,
     *     from the raw distribution (temperature 1, no top-k / top-p)
     */
    public float[] logProbs(long[] prompt, long[] continuation) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("scoring needs at least one prompt token");
        }
        if (continuation.length == 0) {
            return new float[0];
        }
        long[] sequence = new long[prompt.length + continuation.length];
        System.arraycopy(prompt, 0, sequence, 0, prompt.length);
        System.arraycopy(continuation, 0, sequence, prompt.length, continuation.length);
        int n = continuation.length;
        // The scope frees the activations; the sub-manager frees what lands in it.
        try (NDManager manager = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray ids = manager.create(new long[][] {sequence}); // (1, seq)
            NDArray logits = model.forward(ids, null, null, null, false); // (1, seq, vocab)
            // Position t predicts token t + 1: the rows from the prompt's last token onwards.
            int from = prompt.length - 1;
            NDArray predicting = logits.get("0, " + from + ":" + (from + n) + ", :"); // (n, vocab)
            NDArray logp = predicting.logSoftmax(1); // (n, vocab)
            NDArray targets = manager.create(continuation).reshape(n, 1); // (n, 1)
            return logp.gather(targets, 1).reshape(n).toFloatArray(); // (n)
        }
    }
}
