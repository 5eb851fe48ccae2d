package tunebench.engine.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import tunebench.engine.model.safetensors.SafeDtype;

/**
 * A frozen weight held as NF4: packed 4-bit codes and one scale per block, either float32
 * absmax or, with double quantization, 8-bit codes of it. {@link #dequantize} rebuilds the
 * full-precision tensor for one use; the caller frees it right after (per layer, per pass).
 */
public final class Nf4Weight implements AutoCloseable {

    private final long[] shape;
    private final int blockSize;
    private final Codebook codebook;
    private final NDArray packed;
    private final NDArray absmax;
    private final DoubleQuant doubleQuant;

    private Nf4Weight(long[] shape, int blockSize, Codebook codebook, NDArray packed,
            NDArray absmax, DoubleQuant doubleQuant) {
        this.shape = shape;
        this.blockSize = blockSize;
        this.codebook = codebook;
        this.packed = packed;
        this.absmax = absmax;
        this.doubleQuant = doubleQuant;
    }

    /**
     * Quantizes a float32 weight; the stored arrays go to {@code into} (the model's manager) and
     * every intermediate is freed, so the caller may close {@code weight} at once.
     */
    public static Nf4Weight quantize(NDArray weight, QuantSpec spec, Codebook codebook,
            NDManager into) {
        Nf4.Blocks blocks = Nf4.quantize(weight, spec.blockSize());
        NDArray absmax = blocks.absmax();
        DoubleQuant dq = null;
        if (spec.doubleQuant()) {
            dq = DoubleQuant.quantize(absmax, codebook.dynamicMap());
            absmax.close();
            absmax = null;
        }
        Nf4Weight w = new Nf4Weight(weight.getShape().getShape(), spec.blockSize(), codebook,
                blocks.packed(), absmax, dq);
        w.keepIn(into);
        return w;
    }

    /** Moves the stored arrays to the model's manager and out of any open step scope. */
    private void keepIn(NDManager into) {
        for (NDArray a : stored()) {
            NDScope.unregister(a);
            a.attach(into);
        }
    }

    private NDArray[] stored() {
        return doubleQuant == null ? new NDArray[] {packed, absmax}
                : new NDArray[] {packed, doubleQuant.codes(), doubleQuant.absmax2(),
                    doubleQuant.offset()};
    }

    /**
     * The weight in {@code computeType} (float32, or float16 for a GPU), a new array the caller
     * owns and should close after its one use. Values are {@code level * absmax} in float32.
     */
    public NDArray dequantize(DataType computeType) {
        SafeDtype.requireDjlSafe(computeType);
        NDArray scales = doubleQuant == null ? absmax
                : doubleQuant.dequantize(codebook.dynamicMap());
        NDArray flat;
        try {
            flat = Nf4.dequantize(packed, scales, codebook.pairs(), parameterCount(), blockSize);
        } finally {
            if (scales != absmax) {
                scales.close();
            }
        }
        NDArray w = flat.reshape(new Shape(shape));
        flat.close();
        if (computeType == DataType.FLOAT32) {
            return w;
        }
        NDArray cast = w.toType(computeType, false);
        w.close();
        return cast;
    }

    /** The absmax of each block, dequantized when double-quantized (a new array to close). */
    public NDArray absmax() {
        return doubleQuant == null ? absmax.duplicate()
                : doubleQuant.dequantize(codebook.dynamicMap());
    }

    /** Packed codes, uint8 {@code [ceil(n / 2)]}: byte k = code[2k] << 4 | code[2k + 1]. */
    public NDArray packed() {
        return packed;
    }

    /** The 8-bit absmax codes, or null without double quantization. */
    public NDArray absmaxCodes() {
        return doubleQuant == null ? null : doubleQuant.codes();
    }

    /** Per-256-group scales of the absmax codes, or null without double quantization. */
    public NDArray absmax2() {
        return doubleQuant == null ? null : doubleQuant.absmax2();
    }

    /** The mean subtracted before double quantization, or null without it. */
    public NDArray absmaxOffset() {
        return doubleQuant == null ? null : doubleQuant.offset();
    }

    /** The lookup tables this weight decodes with (shared by the model's weights). */
    Codebook codebook() {
        return codebook;
    }

    public boolean doubleQuantized() {
        return doubleQuant != null;
    }

    /** The original shape, {@code [out, in]} for a linear weight. */
    public long[] shape() {
        return shape.clone();
    }

    public int blockSize() {
        return blockSize;
    }

    public long parameterCount() {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    /** Bytes of the packed 4-bit codes: half a byte per parameter. */
    public long codeBytes() {
        return packed.size();
    }

    /** Bytes of the block scales: 4 per block, or with double quantization about 1. */
    public long constantBytes() {
        return doubleQuant == null ? 4 * absmax.size() : doubleQuant.bytes();
    }

    @Override
    public void close() {
        for (NDArray a : stored()) {
            a.close();
        }
    }

    @Override
    public String toString() {
        return "NF4" + Arrays.toString(shape) + (doubleQuant != null ? " double-quantized" : "");
    }
}
