package tunebench.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * 4-bit NormalFloat, the storage format of QLoRA's frozen weights (Dettmers et al.,
 * https://arxiv.org/abs/2305.14314), exactly as bitsandbytes writes it: the weight flattened
 * row-major and cut into blocks, each block scaled into [-1, 1] by its absmax and every value
 * mapped to the nearest of 16 normal-quantile levels; two codes per byte, the first element in
 * the high nibble. Whole-tensor NDArray ops only: no Java loop touches the weights.
 */
public final class Nf4 {

    /** bitsandbytes' NF4 levels ({@code functional.get_4bit_type("nf4")}); index = 4-bit code. */
    static final float[] CODE = {
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
        -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
        0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
        0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

    /** bitsandbytes' default for 4-bit and what QLoRA uses. */
    public static final int DEFAULT_BLOCK_SIZE = 64;
    /**
     * Float32 midpoints between neighbouring levels, the thresholds of the CUDA kernel's
     * decision tree ({@code dQuantizeNF4}) and of the reference backend's bucketize.
     */
    private static final float[] MIDPOINTS = new float[CODE.length - 1];

    static {
        for (int i = 0; i < MIDPOINTS.length; i++) {
            MIDPOINTS[i] = (CODE[i] + CODE[i + 1]) / 2f;
        }
    }

    private Nf4() {}

    /** The 16 levels; a copy. */
    public static float[] levels() {
        return CODE.clone();
    }

    /** Packed codes and per-block absmax of one tensor. */
    record Blocks(NDArray packed, NDArray absmax) {}

    /**
     * Quantizes a float32 tensor of any shape. The results belong to {@code weight}'s manager;
     * every intermediate is freed before returning.
     *
     * @return packed uint8 {@code [ceil(n / 2)]} and float32 absmax {@code [ceil(n / blockSize)]}
     */
    static Blocks quantize(NDArray weight, int blockSize) {
        if (weight.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("NF4 quantizes float32 values, got "
                    + weight.getDataType() + " (widen F16/BF16 first)");
        }
        long n = weight.size();
        long blocks = ceilDiv(n, blockSize);
        try (NDManager scratch = scratchFor(weight)) {
            NDArray x = padTo(inScratch(weight.reshape(n), scratch), blocks * blockSize)
                    .reshape(blocks, blockSize);
            NDArray absmax;
            try (NDArray magnitude = x.abs()) {
                absmax = magnitude.max(new int[] {1}); // (blocks)
            }
            // bitsandbytes multiplies by the float32 reciprocal (x * (1/absmax)), not x / absmax:
            // the two differ by an ulp, enough to move a value across a midpoint. An all-zero
            // block divides by the smallest normal float instead of 0, so its values scale to 0
            // and take the zero level (bitsandbytes' NaN path gives level 0, i.e. -absmax).
            NDArray safe = absmax.maximum(scalar(absmax, Float.MIN_NORMAL));
            NDArray recip = absmax.onesLike().div(safe);
            NDArray codes; // (blocks * blockSize)
            try (NDArray product = x.mul(recip.reshape(blocks, 1));
                    NDArray scaled = clip(product)) {
                codes = levelIndex(scaled).reshape(-1);
            }
            long pairs = ceilDiv(n, 2);
            NDArray used = codes.get(new NDIndex(":{}", 2 * pairs)).reshape(pairs, 2);
            NDArray high = used.get(":, 0").toType(DataType.INT32, false);
            NDArray low = used.get(":, 1").toType(DataType.INT32, false);
            NDArray packed = high.mul(scalar(high, 16)).add(low).toType(DataType.UINT8, false);
            return new Blocks(keep(packed, weight), keep(absmax, weight));
        }
    }

    /**
     * The index of the nearest level: the number of midpoints strictly below the value, so one
     * exactly halfway goes to the lower level, as in bitsandbytes. Fifteen passes over the
     * tensor, each mask freed at once: on one core this measured faster than one broadcast
     * against all fifteen midpoints or a binned table lookup.
     */
    private static NDArray levelIndex(NDArray scaled) {
        NDArray index = scaled.getManager().zeros(scaled.getShape(), DataType.UINT8);
        for (float midpoint : MIDPOINTS) {
            try (NDArray mid = scalar(scaled, midpoint);
                    NDArray above = scaled.gt(mid);
                    NDArray one = above.toType(DataType.UINT8, false)) {
                index.addi(one);
            }
        }
        return index;
    }

    /**
     * Decoding table: byte value b -> (level of its high nibble, level of its low nibble), so
     * one gather unpacks both codes of every byte.
     */
    static NDArray pairTable(NDManager manager) {
        float[] table = new float[256 * 2];
        for (int b = 0; b < 256; b++) {
            table[2 * b] = CODE[b >> 4];
            table[2 * b + 1] = CODE[b & 0x0F];
        }
        return manager.create(table, new Shape(256, 2));
    }

    /**
     * Float32 values {@code level[code] * absmax[block]}, flattened ({@code [n]}), owned by
     * {@code packed}'s manager. The product is the one bitsandbytes computes, so the result
     * equals its dequantization bit for bit.
     *
     * @param pairs {@link #pairTable}
     */
    static NDArray dequantize(NDArray packed, NDArray absmax, NDArray pairs, long n,
            int blockSize) {
        long blocks = absmax.getShape().get(0);
        try (NDManager scratch = scratchFor(packed)) {
            NDArray index = inScratch(packed.toType(DataType.INT32, true), scratch);
            NDArray scales = inScratch(absmax.reshape(blocks, 1), scratch);
            // an embedding lookup: rows of the pair table; measured 4x faster than indexing
            NDArray values = inScratch(Embedding.embedding(index, pairs, SparseFormat.DENSE)
                    .singletonOrThrow(), scratch).reshape(-1); // (2 * packed)
            if (values.size() == blocks * blockSize && values.size() == n) {
                // the usual case, n a multiple of the block: scale in place, no second copy
                values.reshape(blocks, blockSize).muli(scales);
                return keep(values, packed);
            }
            NDArray scaled = padTo(values, blocks * blockSize).reshape(blocks, blockSize)
                    .mul(scales);
            return keep(padTo(scaled.reshape(-1), n), packed);
        }
    }

    /** {@code a} (1-d) with zeros appended up to {@code length}, or cut to it. */
    static NDArray padTo(NDArray a, long length) {
        long have = a.size();
        if (have == length) {
            return a;
        }
        if (have > length) {
            return a.get(new NDIndex(":{}", length));
        }
        return a.concat(a.getManager().zeros(new Shape(length - have), a.getDataType()));
    }

    /** clamp(x, -1, 1), with scalars in x's manager (DJL's clip(Number) leaves its own behind). */
    static NDArray clip(NDArray x) {
        try (NDArray low = scalar(x, -1f); NDArray high = scalar(x, 1f);
                NDArray atLeast = x.maximum(low)) {
            return atLeast.minimum(high);
        }
    }

    static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }

    /**
     * A manager for one computation's intermediates. An op's result belongs to its first
     * operand's manager: computing from an array moved here keeps every intermediate here, and
     * closing it frees them all, so no forward pass leaves scratch in the model's manager.
     */
    static NDManager scratchFor(NDArray owner) {
        return owner.getManager().newSubManager();
    }

    /** A new handle moved into the scratch manager (the caller's array is untouched). */
    static NDArray inScratch(NDArray fresh, NDManager scratch) {
        fresh.attach(scratch);
        return fresh;
    }

    /** Moves a result out of the scratch manager to the owner's manager before it closes. */
    static NDArray keep(NDArray result, NDArray owner) {
        result.attach(owner.getManager());
        return result;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
