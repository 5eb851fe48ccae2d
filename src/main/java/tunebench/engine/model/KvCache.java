package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for the tokens already seen, so each generation step feeds
 * only the new token. Stored before grouped-query expansion, (batch, kv_heads, seq, head_dim),
 * in buffers that grow by doubling and are written in place: a step allocates nothing for the
 * cache, so memory stays flat however long the text. The cache owns its buffers (its own
 * manager), which outlive the caller's per-step scopes.
 */
public final class KvCache implements AutoCloseable {

    private static final long INITIAL_CAPACITY = 128;

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;
    private int appendedLayers;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens cached so far (the same for every layer once a step is complete). */
    public long length() {
        return length;
    }

    /**
     * Appends this step's keys and values for one layer and returns views of the whole
     * sequence so far. Layers append in order; the length advances after the last layer.
     *
     * @param k (batch, kv_heads, seq, head_dim)
     * @return {keys, values}, each (batch, kv_heads, length + seq, head_dim)
     */
    public NDArray[] append(int layer, NDArray k, NDArray v) {
        long seq = k.getShape().get(2);
        long end = length + seq;
        keys[layer] = ensureCapacity(keys[layer], k, end);
        values[layer] = ensureCapacity(values[layer], v, end);
        NDIndex slot = new NDIndex().addAllDim(2).addSliceDim(length, end); // [:, :, length:end]
        keys[layer].set(slot, k);
        values[layer].set(slot, v);
        if (++appendedLayers == keys.length) {
            appendedLayers = 0;
            length = end;
        }
        NDIndex filled = new NDIndex().addAllDim(2).addSliceDim(0, end); // [:, :, :end]
        return new NDArray[] {keys[layer].get(filled), values[layer].get(filled)};
    }

    /** The buffer, grown (doubling, old content copied) if it cannot hold {@code needed} tokens. */
    private NDArray ensureCapacity(NDArray buffer, NDArray step, long needed) {
        long capacity = buffer == null ? 0 : buffer.getShape().get(2);
        if (needed <= capacity) {
            return buffer;
        }
        long grown = Math.max(INITIAL_CAPACITY, capacity);
        while (grown < needed) {
            grown *= 2;
        }
        Shape s = step.getShape();
        NDArray bigger = manager.zeros(new Shape(s.get(0), s.get(1), grown, s.get(3)),
                step.getDataType(), step.getDevice());
        NDScope.unregister(bigger);
        if (buffer != null) {
            NDIndex old = new NDIndex().addAllDim(2).addSliceDim(0, length);
            bigger.set(old, buffer.get(old));
            buffer.close();
        }
        return bigger;
    }

    @Override
    public void close() {
        manager.close();
    }
}
