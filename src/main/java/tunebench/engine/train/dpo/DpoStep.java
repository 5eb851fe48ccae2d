package tunebench.engine.train.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.Scalars;

/**
 * One DPO step on a batch, in TRL's order ({@code get_batch_loss_metrics}): reference
 * log-probs without gradient, then the policy's forward over chosen and rejected rows at once,
 * the loss, and its backward. Also the objective alone, for callers that run the forward and
 * backward themselves (the training loop's {@link CausalLm#trainingBackward}).
 */
public final class DpoStep {

    private DpoStep() {}

    /** The loss value and TRL's metrics of one batch. */
    public record Outcome(double loss, Map<String, Double> metrics) {

        /** The same metrics under TRL's eval names ("eval_rewards/chosen", ...). */
        public Map<String, Double> evalMetrics() {
            Map<String, Double> out = new LinkedHashMap<>();
            metrics.forEach((k, v) -> out.put("eval_" + k, v));
            return out;
        }
    }

    /**
     * Trains on one batch: accumulates the loss's gradient into every parameter that requires
     * one. Call it inside the run's gradient collector and step scope.
     */
    public static Outcome train(CausalLm model, DpoBatch batch, DpoReference reference,
            DpoLoss loss, NDManager manager, boolean checkpointLayers) {
        return train(model, batch, reference, loss, manager, checkpointLayers, 1);
    }

    /**
     * Like {@link #train(CausalLm, DpoBatch, DpoReference, DpoLoss, NDManager, boolean)}, with
     * the gradient of {@code lossScale} times the loss: a micro-batch's share of the pairs of an
     * accumulated step, so the step's gradient is that of the mean over all its pairs. The
     * outcome reports the unscaled loss.
     */
    public static Outcome train(CausalLm model, DpoBatch batch, DpoReference reference,
            DpoLoss loss, NDManager manager, boolean checkpointLayers, double lossScale) {
        NDArray ids = batch.inputIds(manager);
        NDArray mask = batch.attentionMask(manager);
        NDArray positions = batch.positionIds(manager);
        NDArray labels = batch.labels(manager);
        NDArray refLogps = reference.logProbs(ids, mask, positions, labels, loss.averagesLogProbs());
        reference.usePolicy(true);
        Objective objective = new Objective(loss, labels, refLogps);
        model.trainingBackward(ids, mask, positions, null, checkpointLayers, lossScale == 1
                ? objective : logits -> objective.apply(logits).mul(Scalars.of(logits, lossScale)));
        return objective.outcome();
    }

    /** The loss and metrics of one batch, nothing recorded (evaluation). */
    public static Outcome evaluate(CausalLm model, DpoBatch batch, DpoReference reference,
            DpoLoss loss, NDManager manager) {
        NDArray ids = batch.inputIds(manager);
        NDArray mask = batch.attentionMask(manager);
        NDArray positions = batch.positionIds(manager);
        NDArray labels = batch.labels(manager);
        NDArray refLogps = reference.logProbs(ids, mask, positions, labels, loss.averagesLogProbs());
        reference.usePolicy(false);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            Objective objective = new Objective(loss, labels, refLogps);
            objective.apply(model.forward(ids, mask, positions, null, false));
            return objective.outcome();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * Policy logits to the DPO loss, given the reference's log-probs of the same rows; keeps
     * the loss value and metrics of its one call.
     */
    public static final class Objective implements Function<NDArray, NDArray> {
        private final DpoLoss loss;
        private final NDArray labels;
        private final NDArray refLogps;
        private Outcome outcome;

        /** @param refLogps (rows,) from {@link DpoReference#logProbs} */
        public Objective(DpoLoss loss, NDArray labels, NDArray refLogps) {
            this.loss = loss;
            this.labels = labels;
            this.refLogps = refLogps;
        }

        @Override
        public NDArray apply(NDArray logits) {
            long pairs = logits.getShape().get(0) / 2;
            NDArray sums = SequenceLogProbs.sums(logits, labels); // (rows,)
            NDArray counts = SequenceLogProbs.tokenCounts(labels); // (rows,)
            NDArray logps = loss.averagesLogProbs() ? sums.div(counts) : sums;
            NDArray chosenNll = loss.usesNll() // RPO: chosen rows only
                    ? SequenceLogProbs.meanNll(sums.get("0:{}", pairs), counts.get("0:{}", pairs))
                    : null;
            DpoLoss.Result r = loss.compute(logps.get("0:{}", pairs), logps.get("{}:", pairs),
                    refLogps.get("0:{}", pairs), refLogps.get("{}:", pairs), chosenNll);
            Map<String, Double> metrics = new LinkedHashMap<>(r.metrics());
            // TRL 0.7.11 logs the mean of all logits of each half, padding and prompt included.
            NDArray detached = logits.stopGradient();
            metrics.put("logits/chosen", (double) detached.get("0:{}", pairs).mean().getFloat());
            metrics.put("logits/rejected", (double) detached.get("{}:", pairs).mean().getFloat());
            outcome = new Outcome(r.loss().getFloat(), metrics);
            return r.loss();
        }

        /** What the call computed; null before it. */
        public Outcome outcome() {
            return outcome;
        }
    }
}
