package tunebench.engine.train;

import java.util.List;
import java.util.Map;

/**
 * One evaluation: loss and perplexity on the validation set, and what the model now answers
 * to each probe prompt (so one can watch outputs change during training).
 *
 * @param evalLoss mean token loss on the validation set (DPO: mean preference loss); NaN when
 *     there is none
 * @param evalPpl perplexity; NaN for DPO, whose loss is not a token loss
 * @param extra method-specific metrics under TRL's eval names (DPO: eval_rewards/chosen,
 *     eval_rewards/rejected, eval_rewards/accuracies, ...); empty for SFT
 */
public record EvalMetrics(int step, double evalLoss, double evalPpl, List<ProbeOutput> probes,
        Map<String, Double> extra) {

    public EvalMetrics {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(extra));
    }

    /** An evaluation with no method-specific metrics (SFT). */
    public EvalMetrics(int step, double evalLoss, double evalPpl, List<ProbeOutput> probes) {
        this(step, evalLoss, evalPpl, probes, Map.of());
    }

    /** One extra metric by name, NaN when this evaluation has none. */
    public double extra(String name) {
        Double v = extra.get(name);
        return v == null ? Double.NaN : v;
    }

    /** A probe prompt and the model's greedy answer at this step. */
    public record ProbeOutput(String prompt, String output) {}
}
