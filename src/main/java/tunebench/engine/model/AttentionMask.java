package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The additive attention mask of a causal decoder: 0 where a query may attend, the most
 * negative float where it may not (future tokens, padding on either side, tokens beyond a
 * sliding window). As transformers does, masked entries are set, not summed, so a row of
 * padding never becomes -inf and NaN.
 */
public final class AttentionMask {

    private AttentionMask() {}

    /**
     * @param manager where the mask lives (the caller's step manager)
     * @param padding (batch, past + seq) with 1 for real tokens, 0 for padding; null = no padding
     * @param past tokens already in the cache
     * @param seq new tokens in this call
     * @param slidingWindow attend only to the last this-many positions, or null
     * @return (batch or 1, 1, seq, past + seq) float32, or null when nothing is masked (one new
     *     token, no padding, no window beyond it): the common generation step skips the mask
     */
    public static NDArray causal(NDManager manager, NDArray padding, long past, long seq,
            Integer slidingWindow) {
        long total = past + seq;
        if (seq == 1 && padding == null && (slidingWindow == null || slidingWindow >= total)) {
            return null;
        }
        NDArray keyPos = manager.arange(0L, total, 1L, DataType.INT64).reshape(1, total); // (1, kv)
        NDArray queryPos = manager.arange(past, total, 1L, DataType.INT64).reshape(seq, 1); // (q, 1)
        NDArray allowed = keyPos.lte(queryPos); // (q, kv)
        if (slidingWindow != null) {
            allowed = allowed.logicalAnd(queryPos.sub(keyPos).lt(slidingWindow));
        }
        allowed = allowed.reshape(1, 1, seq, total);
        if (padding != null) {
            NDArray keyIsReal = padding.toType(DataType.INT64, false).eq(1L)
                    .reshape(padding.getShape().get(0), 1, 1, total);
            allowed = allowed.logicalAnd(keyIsReal); // (batch, 1, q, kv)
        }
        return allowed.logicalNot().toType(DataType.FLOAT32, false).mul(-Float.MAX_VALUE);
    }

    /**
     * The mask of packed rows: several sequences share a row, each attending only to its own
     * earlier tokens (block-diagonal causal), never to padding.
     *
     * @param segments (batch, seq) int: 1, 2, ... per packed sequence, 0 for padding
     * @return (batch, 1, seq, seq) float32
     */
    public static NDArray packed(NDArray segments) {
        NDManager manager = segments.getManager();
        long batch = segments.getShape().get(0);
        long seq = segments.getShape().get(1);
        NDArray pos = manager.arange(0L, seq, 1L, DataType.INT64);
        NDArray causal = pos.reshape(1, seq).lte(pos.reshape(seq, 1)).reshape(1, 1, seq, seq);
        NDArray seg = segments.toType(DataType.INT64, false);
        NDArray same = seg.reshape(batch, 1, seq, 1).eq(seg.reshape(batch, 1, 1, seq));
        NDArray real = seg.neq(0L).reshape(batch, 1, 1, seq);
        NDArray allowed = causal.logicalAnd(same).logicalAnd(real);
        return allowed.logicalNot().toType(DataType.FLOAT32, false).mul(-Float.MAX_VALUE);
    }
}
