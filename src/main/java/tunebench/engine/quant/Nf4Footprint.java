package tunebench.engine.quant;

import java.util.Collection;

/**
 * What NF4 weights take in memory, part by part. QLoRA's arithmetic (§3): codes are 4 bits
 * per parameter; float32 absmax per 64 adds 0.5 bits, double quantization cuts that to
 * 8/64 + 32/(64 * 256) = 0.127 bits.
 *
 * @param parameters weights held as NF4
 * @param codeBytes the packed 4-bit codes
 * @param constantBytes the block scales (absmax, or its 8-bit codes, group scales and offsets)
 * @param tableBytes the lookup tables shared by the whole model
 */
public record Nf4Footprint(long parameters, long codeBytes, long constantBytes, long tableBytes) {

    public static final Nf4Footprint NONE = new Nf4Footprint(0, 0, 0, 0);

    /** Measured from the weights a model holds; each shared codebook counts once. */
    public static Nf4Footprint of(Collection<Nf4Weight> weights) {
        long params = 0;
        long codes = 0;
        long constants = 0;
        java.util.Set<Codebook> codebooks = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        for (Nf4Weight w : weights) {
            params += w.parameterCount();
            codes += w.codeBytes();
            constants += w.constantBytes();
            codebooks.add(w.codebook());
        }
        long tables = codebooks.stream().mapToLong(Codebook::bytes).sum();
        return new Nf4Footprint(params, codes, constants, tables);
    }

    /**
     * Worked out from shapes alone, before loading: the same layout {@link Nf4Weight} stores
     * (so {@code info} can say what a quantized load will take).
     */
    public static Nf4Footprint estimate(Collection<long[]> shapes, QuantSpec spec) {
        long params = 0;
        long codes = 0;
        long constants = 0;
        for (long[] shape : shapes) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            long blocks = Nf4.ceilDiv(n, spec.blockSize());
            params += n;
            codes += Nf4.ceilDiv(n, 2);
            constants += spec.doubleQuant()
                    ? blocks + 4 * Nf4.ceilDiv(blocks, DoubleQuant.BLOCK_SIZE) + 4
                    : 4 * blocks;
        }
        long tables = shapes.isEmpty() ? 0 : 4L * (256 * 2 + 256);
        return new Nf4Footprint(params, codes, constants, tables);
    }

    public long totalBytes() {
        return codeBytes + constantBytes + tableBytes;
    }

    public double codeBytesPerParameter() {
        return perParameter(codeBytes);
    }

    public double constantBytesPerParameter() {
        return perParameter(constantBytes);
    }

    /** Codes and constants per quantized parameter: what each weight itself costs. */
    public double weightBytesPerParameter() {
        return perParameter(codeBytes + constantBytes);
    }

    /** Everything NF4 stores, shared tables included, per quantized parameter. */
    public double bytesPerParameter() {
        return perParameter(totalBytes());
    }

    private double perParameter(long bytes) {
        return parameters == 0 ? 0 : (double) bytes / parameters;
    }
}
