package tunebench.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Double quantization (QLoRA §3, bitsandbytes' {@code compress_statistics}): the float32
 * absmax constants of the NF4 blocks are stored again as 8-bit codes. offset = mean(absmax);
 * (absmax - offset) is cut into blocks of 256, each scaled by its own absmax and mapped to the
 * nearest value of the signed {@link DynamicMap}. A 64-weight block's scale then costs 8 bits
 * plus 32/256, instead of 32.
 *
 * @param codes uint8 {@code [blocks]}, one per NF4 block
 * @param absmax2 float32 {@code [ceil(blocks / 256)]}, the scale of each group of 256 codes
 * @param offset float32 scalar, the mean that was subtracted
 */
record DoubleQuant(NDArray codes, NDArray absmax2, NDArray offset) {

    /** bitsandbytes' nested blocksize for 4-bit statistics. */
    static final int BLOCK_SIZE = 256;
    /** Rows per argmin pass: bounds the (rows, 256) distance matrix to 4 MB. */
    private static final long ROWS_PER_PASS = 4096;

    /**
     * Quantizes float32 {@code absmax} against {@code map} (the 256 dynamic values). Results
     * belong to {@code absmax}'s manager; intermediates are freed.
     */
    static DoubleQuant quantize(NDArray absmax, NDArray map) {
        long blocks = absmax.size();
        long groups = Nf4.ceilDiv(blocks, BLOCK_SIZE);
        try (NDManager scratch = Nf4.scratchFor(absmax)) {
            NDArray offset = Nf4.inScratch(absmax.mean(), scratch);
            NDArray centered = Nf4.inScratch(absmax.sub(offset), scratch);
            // Zero padding cannot raise a group's absmax, and its codes are cut off below.
            NDArray grouped = Nf4.padTo(centered, groups * BLOCK_SIZE).reshape(groups, BLOCK_SIZE);
            NDArray absmax2 = grouped.abs().max(new int[] {1}); // (groups)
            NDArray recip = absmax2.onesLike().div(absmax2);
            NDArray scaled = Nf4.clip(grouped.mul(recip.reshape(groups, 1))).reshape(-1);
            NDArray codes = nearest(scaled.get(new NDIndex(":{}", blocks)), map, scratch);
            return new DoubleQuant(Nf4.keep(codes, absmax), Nf4.keep(absmax2, absmax),
                    Nf4.keep(offset, absmax));
        }
    }

    /**
     * Index of the nearest map value, ties to the lower index: bitsandbytes' reference
     * {@code argmin(|x - code|)}, computed the same way so equal distances resolve alike.
     */
    private static NDArray nearest(NDArray x, NDArray map, NDManager scratch) {
        long n = x.size();
        NDList parts = new NDList();
        for (long from = 0; from < n; from += ROWS_PER_PASS) {
            long to = Math.min(n, from + ROWS_PER_PASS);
            NDArray rows = x.get(new NDIndex("{}:{}", from, to)).expandDims(1);
            NDArray distance = rows.sub(map).abs(); // (rows, 256)
            parts.add(distance.argMin(1).toType(DataType.UINT8, false));
        }
        return parts.size() == 1 ? parts.get(0) : Nf4.inScratch(NDArrays.concat(parts), scratch);
    }

    /**
     * float32 {@code [blocks]}: map[code] * absmax2[group] + offset, as bitsandbytes computes;
     * owned by the codes' manager.
     */
    NDArray dequantize(NDArray map) {
        long blocks = codes.size();
        long groups = absmax2.size();
        try (NDManager scratch = Nf4.scratchFor(codes)) {
            NDArray index = Nf4.inScratch(codes.toType(DataType.INT64, true), scratch);
            NDArray values = Nf4.inScratch(map.get(index), scratch);
            NDArray scales = Nf4.inScratch(absmax2.reshape(groups, 1), scratch);
            NDArray grouped = Nf4.padTo(values, groups * BLOCK_SIZE).reshape(groups, BLOCK_SIZE);
            NDArray scaled = Nf4.padTo(grouped.mul(scales).reshape(-1), blocks);
            return Nf4.keep(scaled.add(offset), codes);
        }
    }

    /** Bytes held: the codes, the group scales and the offset. */
    long bytes() {
        return codes.size() + 4 * absmax2.size() + 4;
    }

    void attach(NDManager manager) {
        codes.attach(manager);
        absmax2.attach(manager);
        offset.attach(manager);
    }

    void close() {
        codes.close();
        absmax2.close();
        offset.close();
    }
}
