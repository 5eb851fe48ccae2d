package tunebench.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;
import java.util.Objects;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.EncodedDataset;
import tunebench.engine.data.SftBatch;
import tunebench.engine.data.SftBatcher;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.CausalLmLoss;

/**
 * Eval loss and perplexity: the mean token loss over the assistant's tokens, labelled exactly as
 * SFT labels them, so the number is comparable with a training run's eval_loss. Runs on the
 * calling thread, which must own the model's DJL calls.
 */
public final class Perplexity {

    /** Rows per forward pass: full logits are (rows, seq, vocab) floats, large for real vocabularies. */
    public static final int DEFAULT_BATCH_SIZE = 4;

    private final LoadedModel lm;
    private final TextTokenizer tok;
    private final SftEncoder encoder;
    private final int batchSize;

    /**
     * @param maxLength tokens kept per example (cut at the end, as in training)
     */
    public Perplexity(LoadedModel lm, ChatTemplate template, int maxLength, int batchSize) {
        this.lm = Objects.requireNonNull(lm, "lm");
        this.tok = ExactMatch.requireTokenizer(lm);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.encoder = new SftEncoder(tok, template, maxLength, false);
        this.batchSize = batchSize;
    }

    /**
     * Encodes and scores the conversations. Those the template refuses or that keep no answer
     * token after truncation are left out, as training leaves them out; a cancelled run returns
     * the loss over the batches finished.
     */
    public PerplexityResult run(List<Conversation> conversations, EvalListener listener) {
        EncodedDataset encoded = encoder.encodeAll(conversations);
        if (encoded.examples().isEmpty()) {
            return PerplexityResult.of(0, 0, 0);
        }
        long padId = SftBatcher.padId(tok);
        // The seed only orders the batches, and the sum does not depend on the order.
        List<SftBatch> batches = SftBatcher.unpacked(encoded.examples(), batchSize, padId, 0)
                .epoch(0);
        double sum = 0;
        long count = 0;
        int done = 0;
        try (NDManager work = lm.model().manager().newSubManager()) {
            for (SftBatch b : batches) {
                if (listener.cancelled()) {
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray logits = lm.model().forward(work.create(b.inputIds()),
                            work.create(b.attentionMask()), null, null, false); // (batch, seq, vocab)
                    sum += CausalLmLoss.sum(logits, work.create(b.labels())).getFloat();
                }
                count += CausalLmLoss.countedTokens(b.labels());
                done += b.rows();
                listener.batchCompleted(new EvalProgress("perplexity", done,
                        encoded.examples().size(), count == 0 ? Double.NaN : sum / count));
            }
        }
        return PerplexityResult.of(done, count, sum);
    }
}
