package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * The causal language-modelling loss as transformers computes it: logits at position t predict
 * the label at t + 1, labels of -100 are ignored, and the cross-entropy is taken in float32.
 * Returned as a sum so gradient accumulation can divide by the tokens of the whole step.
 */
public final class CausalLmLoss {

    public static final long IGNORE_INDEX = -100;

    private CausalLmLoss() {}

    /**
     * @param logits (batch, seq, vocab)
     * @param labels (batch, seq) int64, -100 where no loss is wanted
     * @return the summed negative log-likelihood over counted positions (a scalar)
     */
    public static NDArray sum(NDArray logits, NDArray labels) {
        long seq = logits.getShape().get(1);
        NDArray shiftLogits = logits.get(":, :{}, :", seq - 1); // (batch, seq-1, vocab)
        NDArray shiftLabels = labels.get(":, 1:"); // (batch, seq-1)
        NDArray counted = shiftLabels.neq(IGNORE_INDEX);
        NDArray safeLabels = NDArrays.where(counted, shiftLabels, shiftLabels.zerosLike());
        NDArray logProbs = shiftLogits.toType(DataType.FLOAT32, false).logSoftmax(2);
        NDArray picked = logProbs.gather(safeLabels.expandDims(2), 2).squeeze(2); // (batch, seq-1)
        return picked.mul(counted.toType(DataType.FLOAT32, false)).sum().neg();
    }

    /** How many positions {@link #sum} counts: labels after the first that are not -100. */
    public static long countedTokens(long[][] labels) {
        long n = 0;
        for (long[] row : labels) {
            for (int i = 1; i < row.length; i++) {
                if (row[i] != IGNORE_INDEX) {
                    n++;
                }
            }
        }
        return n;
    }
}
