package tunebench.engine.train;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.tokenizer.ChatTemplate;

/**
 * What differs between training methods inside the one {@link Loop}: how a step's
 * micro-batches turn into gradients and a loss (SFT's token loss, DPO's preference loss), and
 * what an evaluation measures. Optimizer, schedule, clipping, checkpoints, resume, the NaN stop
 * and the probes stay in the loop, identical for every method.
 */
interface Recipe extends AutoCloseable {

    /** The step's loss, the real input tokens it saw, and metrics beyond the loss by name. */
    record StepResult(double loss, long tokens, Map<String, Double> extra) {}

    /** Validation loss, perplexity (NaN where it means nothing) and eval-named extras. */
    record EvalResult(double loss, double ppl, Map<String, Double> extra) {}

    int batchesPerEpoch();

    /**
     * Forward and backward over micro-batches {@code firstMicro .. firstMicro + count - 1},
     * counted from the start of training, leaving the gradient of {@code lossScale} times the
     * step's loss in the parameters: 1 in float32, the loss scaler's factor in float16 (the
     * loss itself is float32; the loop divides the gradients back). The reported loss is unscaled.
     */
    StepResult step(NDManager work, long firstMicro, int count, double lossScale);

    /** Measures the validation set with nothing recorded; the caller turned dropout off. */
    EvalResult evaluate(NDManager work);

    /**
     * What the run's data came to: how probe prompts are rendered (the run's template, or none
     * for plain text) and the counts and problems the run reports when it starts.
     */
    record DataSummary(ChatTemplate template, boolean plainText, int trainExamples,
            int validationExamples, int truncated, int dropped, List<String> problems) {}

    DataSummary summary();

    @Override
    default void close() {}
}
