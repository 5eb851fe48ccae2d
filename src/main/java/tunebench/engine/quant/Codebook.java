package tunebench.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The lookup tables every NF4 weight of one model shares: the byte-to-two-levels table that
 * unpacks codes, and the 8-bit dynamic map of double quantization. bitsandbytes also keeps one
 * map per device in memory (and a copy per layer only in saved files).
 */
public final class Codebook {

    private final NDArray pairs;
    private final NDArray dynamicMap;

    private Codebook(NDArray pairs, NDArray dynamicMap) {
        this.pairs = pairs;
        this.dynamicMap = dynamicMap;
    }

    /** The tables, owned by {@code manager} (the model's): they live as long as the model. */
    public static Codebook create(NDManager manager) {
        return new Codebook(Nf4.pairTable(manager), manager.create(DynamicMap.signed()));
    }

    NDArray pairs() {
        return pairs;
    }

    NDArray dynamicMap() {
        return dynamicMap;
    }

    /** Bytes of the shared tables (2 KiB + 1 KiB), counted once per model. */
    public long bytes() {
        return 4 * (pairs.size() + dynamicMap.size());
    }
}
