package tunebench.engine.train.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;
import tunebench.engine.model.Scalars;

/**
 * The DPO objective on sequence log-probs (Rafailov et al., https://arxiv.org/abs/2305.18290)
 * and its variants, as TRL's {@code DPOTrainer.dpo_loss} (v0.7.11, the fixture's version)
 * computes them, with z = (π_c − π_r) − (ref_c − ref_r):
 * sigmoid −(1−ε)·log σ(βz) − ε·log σ(−βz) (ε = label smoothing, cDPO);
 * hinge relu(1 − βz); ipo (z − 1/(2β))²; kto_pair as TRL 0.7.11. The loss is the mean over
 * pairs. Rewards are β·(π − ref), logged under TRL's names so runs can be compared.
 * With {@code rpoAlpha} α > 0 the loss is RPO's (Pang et al., https://arxiv.org/abs/2404.19733;
 * TRL's {@code rpo_alpha}): the preference loss + α·NLL, NLL being the policy's mean token
 * cross-entropy over the batch's chosen completions, logged as {@code nll_loss}. It keeps the
 * chosen replies likely while the margin grows, instead of only pushing the rejected ones down.
 *
 * @param beta           the inverse temperature β (TRL default 0.1); IPO's τ
 * @param labelSmoothing ε in [0, 0.5), the assumed rate of flipped labels (sigmoid only)
 * @param rpoAlpha       α ≥ 0, the weight of the chosen replies' NLL; 0 = plain DPO
 */
public record DpoLoss(DpoLossType type, double beta, double labelSmoothing, double rpoAlpha) {

    public static final double DEFAULT_BETA = 0.1;

    public DpoLoss {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a positive number, not " + beta);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 0.5), not " + labelSmoothing);
        }
        if (labelSmoothing > 0 && type != DpoLossType.SIGMOID) {
            throw new IllegalArgumentException("label_smoothing applies to the sigmoid loss only, not " + type.trlName());
        }
        if (!(rpoAlpha >= 0) || Double.isInfinite(rpoAlpha)) {
            throw new IllegalArgumentException("rpo_alpha must be a number >= 0, not " + rpoAlpha);
        }
    }

    /** Without the RPO term. */
    public DpoLoss(DpoLossType type, double beta, double labelSmoothing) {
        this(type, beta, labelSmoothing, 0);
    }

    public static DpoLoss of(DpoLossType type) {
        return new DpoLoss(type, DEFAULT_BETA, 0);
    }

    /** Whether the loss adds the chosen replies' NLL, so callers must pass it. */
    public boolean usesNll() {
        return rpoAlpha > 0;
    }

    /** Whether the log-probs this loss takes are per-token means (IPO) rather than sums. */
    public boolean averagesLogProbs() {
        return type == DpoLossType.IPO;
    }

    /** The loss to back-propagate and the metrics of the batch. */
    public record Result(NDArray loss, Map<String, Double> metrics) {}

    /** The preference loss alone; for a loss that {@link #usesNll()}, pass the NLL as well. */
    public Result compute(NDArray policyChosen, NDArray policyRejected, NDArray refChosen,
            NDArray refRejected) {
        return compute(policyChosen, policyRejected, refChosen, refRejected, null);
    }

    /**
     * @param policyChosen   (pairs,) on the autograd graph
     * @param policyRejected (pairs,) on the autograd graph
     * @param refChosen      (pairs,) constants (computed without gradient)
     * @param refRejected    (pairs,) constants
     * @param chosenNll      () the policy's mean token NLL of the chosen completions (on the
     *     graph), from {@link SequenceLogProbs#meanNll}; needed when {@link #usesNll()}, else
     *     ignored
     */
    public Result compute(NDArray policyChosen, NDArray policyRejected, NDArray refChosen,
            NDArray refRejected, NDArray chosenNll) {
        if (usesNll() && chosenNll == null) {
            throw new IllegalArgumentException("rpo_alpha " + rpoAlpha + " needs the chosen replies' NLL");
        }
        NDArray chosenRatio = policyChosen.sub(refChosen); // log π/ref of the chosen reply
        NDArray rejectedRatio = policyRejected.sub(refRejected);
        NDArray z = chosenRatio.sub(rejectedRatio);
        NDArray b = Scalars.of(z, beta);
        NDArray losses = switch (type) {
            case SIGMOID -> {
                NDArray bz = z.mul(b);
                NDArray loss = logSigmoid(bz).mul(Scalars.of(z, -(1 - labelSmoothing)));
                yield labelSmoothing == 0 ? loss
                        : loss.sub(logSigmoid(bz.neg()).mul(Scalars.of(z, labelSmoothing)));
            }
            case HINGE -> Activation.relu(Scalars.of(z, 1).sub(z.mul(b)));
            case IPO -> z.sub(Scalars.of(z, 1 / (2 * beta))).square();
            case KTO_PAIR -> {
                // Each side's KL term is estimated from the other side's batch mean, as TRL did.
                NDArray zero = Scalars.of(z, 0);
                NDArray chosenKl = chosenRatio.mean().maximum(zero);
                NDArray rejectedKl = rejectedRatio.mean().maximum(zero);
                NDArray one = Scalars.of(z, 1);
                yield one.sub(Activation.sigmoid(chosenRatio.sub(rejectedKl).mul(b)))
                        .concat(one.sub(Activation.sigmoid(chosenKl.sub(rejectedRatio).mul(b))), 0);
            }
        };
        Map<String, Double> metrics = metrics(policyChosen, policyRejected, refChosen, refRejected);
        if (!usesNll()) {
            return new Result(losses.mean(), metrics);
        }
        // TRL adds α·NLL to every pair's loss before the mean: the same as adding it once.
        metrics.put("nll_loss", (double) chosenNll.stopGradient().getFloat());
        return new Result(losses.mean().add(chosenNll.mul(Scalars.of(chosenNll, rpoAlpha))), metrics);
    }

    /** log σ(x) = −softplus(−x), stable for large |x| (torch's F.logsigmoid). */
    private static NDArray logSigmoid(NDArray x) {
        return Activation.softPlus(x.neg()).neg();
    }

    /** TRL's logged metrics: rewards/*, logps/* (means over the batch's pairs). */
    private Map<String, Double> metrics(NDArray policyChosen, NDArray policyRejected,
            NDArray refChosen, NDArray refRejected) {
        float[] pc = values(policyChosen);
        float[] pr = values(policyRejected);
        float[] rc = values(refChosen);
        float[] rr = values(refRejected);
        double chosen = 0;
        double rejected = 0;
        double accuracy = 0;
        double logpsChosen = 0;
        double logpsRejected = 0;
        for (int i = 0; i < pc.length; i++) {
            double c = beta * (pc[i] - rc[i]);
            double r = beta * (pr[i] - rr[i]);
            chosen += c;
            rejected += r;
            accuracy += c > r ? 1 : 0;
            logpsChosen += pc[i];
            logpsRejected += pr[i];
        }
        int n = pc.length;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rewards/chosen", chosen / n);
        m.put("rewards/rejected", rejected / n);
        m.put("rewards/accuracies", accuracy / n);
        m.put("rewards/margins", (chosen - rejected) / n);
        m.put("logps/chosen", logpsChosen / n);
        m.put("logps/rejected", logpsRejected / n);
        return m;
    }

    private static float[] values(NDArray a) {
        return a.stopGradient().toFloatArray();
    }
}
