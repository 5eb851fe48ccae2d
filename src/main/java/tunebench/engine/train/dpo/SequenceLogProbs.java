package tunebench.engine.train.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Log-probability of each row's completion under a causal LM, as TRL's
 * {@code DPOTrainer.get_batch_logps}: logits at position t score the label at t + 1, and the
 * per-token log-probs are summed over positions whose label is not -100 (prompt and padding
 * excluded). IPO uses their mean instead (TRL 0.7.11's {@code average_log_prob=True}).
 * RPO's NLL is the mean over every scored token of the rows it is given.
 */
public final class SequenceLogProbs {

    private SequenceLogProbs() {}

    /**
     * @param logits (rows, seq, vocab)
     * @param labels (rows, seq) int64, -100 where nothing is scored
     * @param average divide each sum by its number of scored tokens
     * @return (rows,) float32, on the autograd graph when the logits are
     */
    public static NDArray of(NDArray logits, NDArray labels, boolean average) {
        NDArray sums = sums(logits, labels);
        return average ? sums.div(tokenCounts(labels)) : sums;
    }

    /** Summed log-probs of each row's completion: {@code of(logits, labels, false)}. */
    public static NDArray sums(NDArray logits, NDArray labels) {
        long seq = logits.getShape().get(1);
        NDArray shiftLogits = logits.get(":, :{}, :", seq - 1); // (rows, seq-1, vocab)
        NDArray shiftLabels = labels.get(":, 1:"); // (rows, seq-1)
        NDArray scored = shiftLabels.neq(DpoBatch.IGNORE_INDEX);
        // Ignored positions gather token 0 and are multiplied by 0, as TRL does.
        NDArray safeLabels = NDArrays.where(scored, shiftLabels, shiftLabels.zerosLike());
        NDArray logProbs = shiftLogits.toType(DataType.FLOAT32, false).logSoftmax(2);
        NDArray perToken = logProbs.gather(safeLabels.expandDims(2), 2).squeeze(2); // (rows, seq-1)
        NDArray weights = scored.toType(DataType.FLOAT32, false);
        return perToken.mul(weights).sum(new int[] {1}); // (rows,)
    }

    /** @return (rows,) float32, the number of scored tokens of each row */
    public static NDArray tokenCounts(NDArray labels) {
        return labels.get(":, 1:").neq(DpoBatch.IGNORE_INDEX).toType(DataType.FLOAT32, false)
                .sum(new int[] {1});
    }

    /**
     * The mean token cross-entropy over all the given rows' scored tokens, as TRL's RPO term
     * ({@code F.cross_entropy} over the flattened chosen half): −Σ log-probs / Σ tokens. A
     * token-weighted mean over the batch, not a mean of per-row means.
     *
     * @param sums (rows,) from {@link #sums}
     * @param counts (rows,) from {@link #tokenCounts}
     * @return () on the autograd graph when the sums are
     */
    public static NDArray meanNll(NDArray sums, NDArray counts) {
        return sums.sum().div(counts.sum()).neg();
    }
}
