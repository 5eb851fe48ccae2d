package tunebench.engine.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import tunebench.engine.model.Casts;
import tunebench.engine.model.KvCache;
import tunebench.engine.model.Linear;
import tunebench.engine.model.RotaryEmbedding;
import tunebench.engine.model.Scalars;

/**
 * Multi-head self-attention with grouped-query key/value heads and rotary positions, as
 * transformers' {@code LlamaAttention} (eager path). Qwen2's q/k/v biases live in the Linears.
 */
final class LlamaAttention {

    final Linear qProj;
    final Linear kProj;
    final Linear vProj;
    final Linear oProj;
    private final int layerIndex;
    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;

    LlamaAttention(int layerIndex, Linear q, Linear k, Linear v, Linear o,
            int numHeads, int numKvHeads, int headDim) {
        this.layerIndex = layerIndex;
        this.qProj = q;
        this.kProj = k;
        this.vProj = v;
        this.oProj = o;
        this.numHeads = numHeads;
        this.numKvHeads = numKvHeads;
        this.headDim = headDim;
    }

    /**
     * @param x (batch, seq, hidden)
     * @param cosSin rotary tables, each (batch, 1, seq, head_dim)
     * @param mask additive float32 mask (batch or 1, 1, seq, past + seq), or null for none
     */
    NDArray forward(NDArray x, NDArray[] cosSin, NDArray mask, KvCache cache) {
        long batch = x.getShape().get(0);
        long seq = x.getShape().get(1);
        NDArray q = qProj.forward(x).reshape(batch, seq, numHeads, headDim).transpose(0, 2, 1, 3);
        NDArray k = kProj.forward(x).reshape(batch, seq, numKvHeads, headDim).transpose(0, 2, 1, 3);
        NDArray v = vProj.forward(x).reshape(batch, seq, numKvHeads, headDim).transpose(0, 2, 1, 3);
        // (batch, heads, seq, head_dim)
        q = RotaryEmbedding.apply(q, cosSin[0], cosSin[1]);
        k = RotaryEmbedding.apply(k, cosSin[0], cosSin[1]);
        if (cache != null) {
            NDArray[] kv = cache.append(layerIndex, k, v); // (batch, kv_heads, past + seq, head_dim)
            k = kv[0];
            v = kv[1];
        }
        int groups = numHeads / numKvHeads;
        if (groups > 1) {
            // repeat_kv: kv head j serves query heads j*groups .. j*groups+groups-1
            k = k.repeat(1, groups); // (batch, heads, kv_len, head_dim)
            v = v.repeat(1, groups);
        }
        // The (batch, heads, seq, kv_len) arrays are the largest a layer makes: each is closed
        // as soon as the next exists. Autograd keeps what backward needs either way; without
        // recording (inference, checkpointing's first pass) this frees them at once instead
        // of at the end of the layer's scope, which bounds the peak to about two of them.
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        scores = replace(scores, scores.div(Scalars.of(scores, Math.sqrt(headDim))));
        // Softmax in float32 as transformers' eager attention; the float32 mask is added after
        // the upcast, because -FLT_MAX is -inf in FP16 and a row of padding would turn to NaN.
        scores = replace(scores, Casts.to(scores, DataType.FLOAT32));
        if (mask != null) {
            scores = replace(scores, scores.add(mask)); // (batch, heads, seq, kv_len)
        }
        NDArray probs = replace(scores, scores.softmax(-1));
        probs = replace(probs, Casts.to(probs, q.getDataType()));
        NDArray out = probs.matMul(v) // (batch, heads, seq, head_dim)
                .transpose(0, 2, 1, 3)
                .reshape(batch, seq, (long) numHeads * headDim);
        return oProj.forward(out); // (batch, seq, hidden)
    }

    /** Closes {@code old} unless {@code next} is the same array (a no-op cast), and returns next. */
    private static NDArray replace(NDArray old, NDArray next) {
        if (next != old) {
            old.close();
        }
        return next;
    }
}
