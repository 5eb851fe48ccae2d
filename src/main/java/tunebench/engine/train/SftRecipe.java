package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.data.SftBatch;
import tunebench.engine.model.LoadedModel;

/** Supervised fine-tuning: mean token cross-entropy over the answers, accumulated exactly. */
final class SftRecipe implements Recipe {

    private final LoadedModel lm;
    private final TrainingData data;
    private final boolean checkpointing;

    SftRecipe(LoadedModel lm, TrainingData data, boolean checkpointing) {
        this.lm = lm;
        this.data = data;
        this.checkpointing = checkpointing;
    }

    /** The model being trained (tests look at its weights between steps). */
    LoadedModel model() {
        return lm;
    }

    @Override
    public int batchesPerEpoch() {
        return data.train().batchesPerEpoch();
    }

    @Override
    public StepResult step(NDManager work, long firstMicro, int count, double lossScale) {
        List<SftBatch> batches = new ArrayList<>(count);
        long labelTotal = 0;
        long tokens = 0;
        int perEpoch = batchesPerEpoch();
        for (int k = 0; k < count; k++) {
            long micro = firstMicro + k;
            SftBatch b = data.train().batch((int) (micro / perEpoch), (int) (micro % perEpoch));
            batches.add(b);
            labelTotal += CausalLmLoss.countedTokens(b.labels());
            for (long[] row : b.attentionMask()) {
                for (long m : row) {
                    tokens += m;
                }
            }
        }
        if (labelTotal == 0) {
            return new StepResult(0, tokens, Map.of());
        }
        // Dividing each micro-batch by the step's label total makes the sum the step's mean.
        double sum = 0;
        for (SftBatch b : batches) {
            sum += TrainingRun.microStep(lm, work, b, labelTotal, data.train().isPacked(),
                    checkpointing, lossScale);
        }
        return new StepResult(sum / labelTotal, tokens, Map.of());
    }

    @Override
    public EvalResult evaluate(NDManager work) {
        double sum = 0;
        long count = 0;
        for (SftBatch b : data.validation()) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logits = lm.model().forward(work.create(b.inputIds()),
                        work.create(b.attentionMask()), null, null, false);
                sum += CausalLmLoss.sum(logits, work.create(b.labels())).getFloat();
                count += CausalLmLoss.countedTokens(b.labels());
            }
        }
        double loss = count == 0 ? Double.NaN : sum / count;
        return new EvalResult(loss, Math.exp(loss), Map.of());
    }

    @Override
    public DataSummary summary() {
        return new DataSummary(data.template(), data.plainText(), data.trainExamples(),
                data.validationExamples(), data.truncated(), data.dropped(), data.problems());
    }
}
