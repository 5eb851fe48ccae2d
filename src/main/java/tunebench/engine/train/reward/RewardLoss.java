package tunebench.engine.train.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pairwise reward-model loss of TRL's {@code RewardTrainer} (InstructGPT,
 * https://arxiv.org/abs/2203.02155): {@code −log σ(r_c − r_r)}, averaged over pairs, computed as
 * {@code softplus(−(r_c − r_r))}, which stays finite for any margin. Metrics carry DPO's names,
 * so the monitor charts them without change.
 */
public final class RewardLoss {

    private RewardLoss() {}

    /** The loss to back-propagate and the batch's metrics (means over its pairs). */
    public record Result(NDArray loss, Map<String, Double> metrics) {}

    /** @param rewards (2 * pairs,) chosen rows first, then rejected, as {@code DpoBatch} */
    public static Result compute(NDArray rewards) {
        long pairs = rewards.getShape().get(0) / 2;
        NDArray chosen = rewards.get("0:{}", pairs);
        NDArray rejected = rewards.get("{}:", pairs);
        NDArray loss = Activation.softPlus(chosen.sub(rejected).neg()).mean();
        return new Result(loss, metrics(chosen.stopGradient().toFloatArray(),
                rejected.stopGradient().toFloatArray()));
    }

    static Map<String, Double> metrics(float[] chosen, float[] rejected) {
        double c = 0;
        double r = 0;
        double accuracy = 0;
        for (int i = 0; i < chosen.length; i++) {
            c += chosen[i];
            r += rejected[i];
            accuracy += chosen[i] > rejected[i] ? 1 : 0;
        }
        int n = chosen.length;
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("rewards/chosen", c / n);
        out.put("rewards/rejected", r / n);
        out.put("rewards/accuracies", accuracy / n);
        out.put("rewards/margins", (c - r) / n);
        return out;
    }
}
