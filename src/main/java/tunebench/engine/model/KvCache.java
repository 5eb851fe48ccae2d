package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of every layer for the tokens already seen, so each generation step feeds
 * only the new token. Stored before grouped-query expansion: (batch, kv_heads, seq, head_dim).
 * The cache owns its arrays (its own manager) and survives the per-step scopes of the caller.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens cached so far (the same for every layer). */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /**
     * Appends this step's keys and values for one layer and returns the whole sequence so far.
     *
     * @return {keys, values}, each (batch, kv_heads, past + seq, head_dim)
     */
    public NDArray[] append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray grow(NDArray old, NDArray step) {
        NDArray all = old == null ? step.duplicate() : NDArrays.concat(new NDList(old, step), 2);
        // Keep it beyond the caller's step scope; free the previous one now.
        NDScope.unregister(all);
        all.attach(manager);
        if (old != null) {
            old.close();
        }
        return all;
    }

    /** Keeps only the given batch rows (finished rows dropped, or beams reordered). */
    public void select(NDArray rows) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i] = replace(keys[i], keys[i].get(rows));
                values[i] = replace(values[i], values[i].get(rows));
            }
        }
    }

    private NDArray replace(NDArray old, NDArray fresh) {
        NDScope.unregister(fresh);
        fresh.attach(manager);
        old.close();
        return fresh;
    }

    @Override
    public void close() {
        manager.close();
    }
}
