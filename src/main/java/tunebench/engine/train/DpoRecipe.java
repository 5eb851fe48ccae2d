package tunebench.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.dpo.DpoBatch;
import tunebench.engine.train.dpo.DpoLoss;
import tunebench.engine.train.dpo.DpoReference;
import tunebench.engine.train.dpo.DpoStep;

/**
 * DPO inside the training loop (https://arxiv.org/abs/2305.18290): each micro-batch runs the
 * reference without recording, then the policy with its backward ({@link DpoStep}); the step's
 * loss and TRL's metrics are means over all its pairs. Which reference, per decision 0008: a
 * fresh LoRA policy → the base with the adapter off; a policy continuing {@code init_adapter}
 * → a frozen copy of that adapter; full fine-tuning → a second, frozen model.
 */
final class DpoRecipe implements Recipe {

    private final LoadedModel lm;
    private final PreferenceData data;
    private final DpoReference reference;
    private final LoadedModel referenceModel; // full fine-tuning only, else null
    private final DpoLoss loss;
    private final boolean checkpointing;

    private DpoRecipe(LoadedModel lm, PreferenceData data, DpoReference reference,
            LoadedModel referenceModel, DpoLoss loss, boolean checkpointing) {
        this.lm = lm;
        this.data = data;
        this.reference = reference;
        this.referenceModel = referenceModel;
        this.loss = loss;
        this.checkpointing = checkpointing;
    }

    static DpoRecipe create(LoadedModel lm, DpoMethod m, PreferenceData data, Trainable trainable,
            boolean checkpointing) throws IOException {
        DpoLoss loss = new DpoLoss(m.lossTypeValue(), m.beta(), m.labelSmoothing(), m.rpoAlpha());
        LoadedModel refModel = null;
        DpoReference reference;
        if (trainable instanceof LoraTrainable lora) {
            reference = m.initAdapter() != null
                    ? DpoReference.frozenCopy(lora.adapter(), Path.of(m.initAdapter()))
                    : DpoReference.baseModel(lora.adapter());
        } else {
            // the frozen copy lives beside the policy: same device, same dtype
            refModel = ModelLoader.load(lm.folder().dir(), lm.model().manager().getDevice(),
                    lm.model().computeType());
            reference = DpoReference.separateModel(refModel.model());
        }
        if (m.disableDropout()) {
            reference.withoutPolicyDropout();
        }
        reference.usePolicy(true);
        return new DpoRecipe(lm, data, reference, refModel, loss, checkpointing);
    }

    /** Which reference this run measures against, for tests and the log. */
    DpoReference reference() {
        return reference;
    }

    @Override
    public int batchesPerEpoch() {
        return data.batchesPerEpoch();
    }

    @Override
    public StepResult step(NDManager work, long firstMicro, int count, double lossScale) {
        PreferenceData.Step micro = data.step(firstMicro, count);
        DpoBatch[] batches = micro.batches();
        long pairs = micro.pairs();
        long tokens = micro.tokens();
        PairMean mean = new PairMean();
        for (DpoBatch b : batches) {
            double share = (double) b.pairs() / pairs; // the step's loss is the mean over pairs
            try (NDScope scope = new NDScope();
                    GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                scope.suppressNotUsedWarning();
                DpoStep.Outcome o = DpoStep.train(lm.model(), b, reference, loss, work,
                        checkpointing, share * lossScale);
                mean.add(o.loss(), o.metrics(), share);
            }
        }
        return new StepResult(mean.loss(), tokens, mean.metrics());
    }

    @Override
    public EvalResult evaluate(NDManager work) {
        long pairs = data.validation().stream().mapToLong(DpoBatch::pairs).sum();
        if (pairs == 0) {
            return new EvalResult(Double.NaN, Double.NaN, Map.of());
        }
        PairMean mean = new PairMean();
        for (DpoBatch b : data.validation()) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                DpoStep.Outcome o = DpoStep.evaluate(lm.model(), b, reference, loss, work);
                mean.add(o.loss(), o.metrics(), (double) b.pairs() / pairs);
            }
        }
        return mean.asEval();
    }

    @Override
    public DataSummary summary() {
        return data.summary();
    }

    @Override
    public void close() {
        reference.close(); // frees the frozen adapter copy, or the separate model
        if (referenceModel != null) {
            referenceModel.tokenizer().ifPresent(t -> t.close()); // its model went with reference
        }
    }
}
