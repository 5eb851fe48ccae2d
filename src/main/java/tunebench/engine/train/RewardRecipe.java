package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Map;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.Scalars;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.dpo.DpoBatch;
import tunebench.engine.train.reward.RewardForward;
import tunebench.engine.train.reward.RewardLoss;
import tunebench.engine.train.reward.ValueHead;

/**
 * Reward modelling inside the training loop, as TRL's {@code RewardTrainer}: each micro-batch
 * scores its chosen and rejected rows in one forward, the pairwise loss
 * {@code −log σ(r_c − r_r)} goes back through the value head and the adapter. The step's loss
 * and metrics are means over all its pairs; evaluation reports them with "eval_" names.
 */
final class RewardRecipe implements Recipe {

    private final LoadedModel lm;
    private final PreferenceData data;
    private final ValueHead head;

    RewardRecipe(LoadedModel lm, PreferenceData data, ValueHead head) {
        this.lm = lm;
        this.data = data;
        this.head = head;
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
            boolean gradMode = JniUtils.isGradMode();
            try (NDScope scope = new NDScope();
                    GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
                scope.suppressNotUsedWarning();
                JniUtils.setGradMode(true);
                RewardLoss.Result r = RewardLoss.compute(RewardForward.rewards(lm.model(), head, b, work));
                gc.backward(r.loss().mul(Scalars.of(r.loss(), share * lossScale)));
                mean.add(r.loss().getFloat(), r.metrics(), share);
            } finally {
                JniUtils.setGradMode(gradMode);
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
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (DpoBatch b : data.validation()) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    RewardLoss.Result r = RewardLoss.compute(
                            RewardForward.rewards(lm.model(), head, b, work));
                    mean.add(r.loss().getFloat(), r.metrics(), (double) b.pairs() / pairs);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return mean.asEval();
    }

    @Override
    public DataSummary summary() {
        return data.summary();
    }
}
