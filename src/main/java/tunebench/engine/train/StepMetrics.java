package tunebench.engine.train;

import java.util.Map;

/**
 * One optimizer step: the line written to metrics.jsonl.
 *
 * @param step 1-based number of completed optimizer steps
 * @param epoch fractional epochs of data seen
 * @param loss mean token loss over the step's (accumulated) batch; for DPO the preference loss
 * @param gradNorm global gradient norm before clipping
 * @param tokensPerS input tokens (padding excluded) per second of this step
 * @param extra method-specific metrics under TRL's names, in logging order (DPO:
 *     rewards/chosen, rewards/rejected, rewards/accuracies, rewards/margins, logps/chosen,
 *     logps/rejected, ...); empty for SFT
 */
public record StepMetrics(int step, int totalSteps, double epoch, double loss, double lr,
        double gradNorm, double tokensPerS, double elapsedS, Map<String, Double> extra) {

    public StepMetrics {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(extra));
    }

    /** A step with no method-specific metrics (SFT). */
    public StepMetrics(int step, int totalSteps, double epoch, double loss, double lr,
            double gradNorm, double tokensPerS, double elapsedS) {
        this(step, totalSteps, epoch, loss, lr, gradNorm, tokensPerS, elapsedS, Map.of());
    }

    /** One extra metric by name, NaN when this step has none. */
    public double extra(String name) {
        Double v = extra.get(name);
        return v == null ? Double.NaN : v;
    }
}
