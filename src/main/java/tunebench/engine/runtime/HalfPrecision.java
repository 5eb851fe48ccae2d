package tunebench.engine.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * BF16 checkpoint data narrowed to FP16 for the GPU, in Java, because DJL cannot hold BF16
 * (a BF16 tensor aborts the JVM; see engine.model.safetensors.TensorBytes, which widens BF16
 * to FP32). BF16 widens to FP32 exactly, so one FP32-to-FP16 rounding (to nearest, ties to
 * even, as torch's {@code .half()}) gives the correctly rounded FP16: values above 65504 that
 * round past it become infinity, small ones become FP16 subnormals or zero, NaN stays NaN.
 * Kept here rather than in TensorBytes so the model package can adopt it when it computes in
 * FP16; it needs no DJL.
 */
public final class HalfPrecision {

    /** The largest finite FP16 value. */
    public static final float MAX_F16 = 65504f;

    private HalfPrecision() {}

    /** FP32 bits to FP16 bits, round to nearest even. */
    public static short f32BitsToF16(int f32) {
        int sign = (f32 >>> 16) & 0x8000;
        int abs = f32 & 0x7FFFFFFF;
        if (abs >= 0x7F800000) {
            // Infinity stays infinity; NaN stays a quiet NaN with the top of its payload.
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x0200 | ((abs >>> 13) & 0x3FF) : 0));
        }
        if (abs >= 0x477FF000) {
            // 65520 and above: halfway past 65504 or more rounds (ties to even) to infinity.
            return (short) (sign | 0x7C00);
        }
        if (abs >= 0x38800000) {
            // Normal in FP16 (>= 2^-14): rebias the exponent by 127 - 15, keep 10 mantissa bits.
            int half = ((((abs >>> 23) - 112) << 10) | ((abs >>> 13) & 0x3FF));
            return (short) (sign | roundEven(half, abs & 0x1FFF, 0x1000));
        }
        if (abs <= 0x33000000) {
            // At most 2^-25, half the smallest subnormal: the tie goes to the even zero.
            return (short) sign;
        }
        // Subnormal: the value in units of 2^-24 is the full mantissa shifted right.
        int exp = abs >>> 23;
        int mant = (abs & 0x7FFFFF) | 0x800000;
        int shift = 126 - exp;
        int half = mant >>> shift;
        return (short) (sign | roundEven(half, mant & ((1 << shift) - 1), 1 << (shift - 1)));
    }

    /** BF16 bits to FP16 bits (via the exact FP32 value). */
    public static short bf16ToF16(short bf16) {
        return f32BitsToF16((bf16 & 0xFFFF) << 16);
    }

    /** FP16 bits to the FP32 value (Java 17 has no Float.float16ToFloat). */
    public static float f16ToFloat(short f16) {
        int h = f16 & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * BF16 little-endian bytes (a safetensors range) narrowed to FP16 in a new direct buffer
     * in native order, ready for {@code manager.create(buffer, shape, DataType.FLOAT16)}.
     */
    public static ByteBuffer narrowBf16ToF16(ByteBuffer bf16LittleEndian) {
        ShortBuffer src = bf16LittleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int n = src.remaining();
        ByteBuffer out = ByteBuffer.allocateDirect(2 * n).order(ByteOrder.nativeOrder());
        ShortBuffer dst = out.asShortBuffer();
        for (int i = 0; i < n; i++) {
            dst.put(i, bf16ToF16(src.get(i)));
        }
        return out;
    }

    /** Counts the BF16 values that do not fit FP16's range (become infinity): worth a warning. */
    public static long countOverflows(ByteBuffer bf16LittleEndian) {
        ShortBuffer src = bf16LittleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        long count = 0;
        for (int i = 0; i < src.remaining(); i++) {
            int abs = ((src.get(i) & 0xFFFF) << 16) & 0x7FFFFFFF;
            if (abs >= 0x477FF000 && abs < 0x7F800000) { // finite, but rounds to infinity
                count++;
            }
        }
        return count;
    }

    private static int roundEven(int truncated, int remainder, int halfway) {
        return remainder > halfway || (remainder == halfway && (truncated & 1) == 1) ? truncated + 1 : truncated;
    }
}
