package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;

/**
 * AdamW settings (Loshchilov and Hutter, https://arxiv.org/abs/1711.05101) and gradient
 * clipping. Defaults are PyTorch's betas and eps with the learning rate PEFT examples use for LoRA.
 *
 * @param lr peak learning rate, reached after warmup
 * @param weightDecay decoupled weight decay
 * @param maxGradNorm clip the global gradient norm to this (0 = no clipping)
 * @param paged keep AdamW's two moments in host memory and bring each tensor's to the device
 *     only for its update (bitsandbytes' paged optimizers, transformers' {@code optim=
 *     "paged_adamw_32bit"}); on the CPU they are already in host memory
 */
public record OptimSpec(double lr, double weightDecay, double beta1, double beta2, double eps,
        double maxGradNorm, boolean paged) {

    public static OptimSpec defaults() {
        return new OptimSpec(2e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, false);
    }

    public OptimSpec withLr(double rate) {
        return new OptimSpec(rate, weightDecay, beta1, beta2, eps, maxGradNorm, paged);
    }

    public OptimSpec withWeightDecay(double wd) {
        return new OptimSpec(lr, wd, beta1, beta2, eps, maxGradNorm, paged);
    }

    public OptimSpec withBetas(double b1, double b2) {
        return new OptimSpec(lr, weightDecay, b1, b2, eps, maxGradNorm, paged);
    }

    public OptimSpec withMaxGradNorm(double norm) {
        return new OptimSpec(lr, weightDecay, beta1, beta2, eps, norm, paged);
    }

    public OptimSpec withPaged(boolean on) {
        return new OptimSpec(lr, weightDecay, beta1, beta2, eps, maxGradNorm, on);
    }

    /** Problems keyed relative to this section. */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (!(lr > 0)) {
            out.add(new ConfigProblem("lr", "must be > 0, got " + lr));
        }
        if (!(weightDecay >= 0)) {
            out.add(new ConfigProblem("weight_decay", "must be >= 0, got " + weightDecay));
        }
        unitInterval(out, "beta1", beta1);
        unitInterval(out, "beta2", beta2);
        if (!(eps > 0)) {
            out.add(new ConfigProblem("eps", "must be > 0, got " + eps));
        }
        if (!(maxGradNorm >= 0)) {
            out.add(new ConfigProblem("max_grad_norm", "must be >= 0 (0 = no clipping), got "
                    + maxGradNorm));
        }
        return out;
    }

    private static void unitInterval(List<ConfigProblem> out, String key, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            out.add(new ConfigProblem(key, "must be in [0, 1), got " + beta));
        }
    }
}
