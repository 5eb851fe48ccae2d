package tunebench.engine.train;

import java.util.List;

/**
 * One evaluation: loss and perplexity on the validation set, and what the model now answers
 * to each probe prompt (so one can watch outputs change during training).
 *
 * @param evalLoss mean token loss on the validation set; NaN when there is none
 */
public record EvalMetrics(int step, double evalLoss, double evalPpl, List<ProbeOutput> probes) {

    /** A probe prompt and the model's greedy answer at this step. */
    public record ProbeOutput(String prompt, String output) {}
}
