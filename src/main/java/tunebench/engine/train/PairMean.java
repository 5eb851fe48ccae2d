package tunebench.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pair-weighted means of a preference loss and its metrics over the micro-batches of a step
 * or an evaluation (DPO and the reward model both report per pair, as TRL does).
 */
final class PairMean {

    private double loss;
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    void add(double batchLoss, Map<String, Double> batchMetrics, double weight) {
        loss += batchLoss * weight;
        batchMetrics.forEach((k, v) -> metrics.merge(k, v * weight, Double::sum));
    }

    double loss() {
        return loss;
    }

    Map<String, Double> metrics() {
        return metrics;
    }

    /**
     * As an evaluation: the metrics under TRL's "eval_" names, and no perplexity, since a
     * preference loss is no token loss.
     */
    Recipe.EvalResult asEval() {
        Map<String, Double> extra = new LinkedHashMap<>();
        metrics.forEach((k, v) -> extra.put("eval_" + k, v));
        return new Recipe.EvalResult(loss, Double.NaN, extra);
    }
}
