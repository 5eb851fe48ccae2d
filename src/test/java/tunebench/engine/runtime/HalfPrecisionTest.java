package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

/** BF16 to FP16: every BF16 pattern, against torch's own FP32-to-FP16 cast and a value-level rounding. */
class HalfPrecisionTest {

    @Test
    void knownValues() {
        assertEquals(0x3C00, bits(1f));
        assertEquals(0xC000, bits(-2f));
        assertEquals(0x7BFF, bits(65504f), "the largest FP16");
        assertEquals(0x7BFF, bits(65519.996f), "just below the midpoint rounds down");
        assertEquals(0x7C00, bits(65520f), "the midpoint rounds to even: infinity");
        assertEquals(0xFC00, bits(-1e5f));
        assertEquals(0x0400, bits(0x1p-14f), "the smallest normal");
        assertEquals(0x0001, bits(0x1p-24f), "the smallest subnormal");
        assertEquals(0x0000, bits(0x1p-25f), "half of it: the tie goes to even zero");
        assertEquals(0x0001, bits(0x1.8p-25f));
        assertEquals(0x0002, bits(0x1.8p-24f), "1.5 units: the tie goes to even 2");
        assertEquals(0x0003, bits(0x1.8p-23f), "exactly 3 units");
        assertEquals(0x8000, bits(-0f));
        assertEquals(0x3C00, bits(1.00048828125f), "1 + half an FP16 ulp: tie to even");
        assertEquals(0x3C02, bits(1.00146484375f), "1 + 1.5 ulps: tie to even (up)");
        assertEquals(0x7C00, bits(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(HalfPrecision.f16ToFloat(HalfPrecision.f32BitsToF16(Float.floatToRawIntBits(Float.NaN)))));
    }

    @Test
    void everyBf16PatternRoundsCorrectly() {
        for (int b = 0; b < 65536; b++) {
            float v = Float.intBitsToFloat(b << 16);
            short h = HalfPrecision.bf16ToF16((short) b);
            float got = HalfPrecision.f16ToFloat(h);
            if (Float.isNaN(v)) {
                assertTrue(Float.isNaN(got), "NaN stays NaN: " + Integer.toHexString(b));
                continue;
            }
            assertEquals(reference(v), got, 0f, "bf16 0x" + Integer.toHexString(b) + " = " + v);
            assertEquals(Float.floatToRawIntBits(v) < 0, (h & 0x8000) != 0, "sign kept");
        }
    }

    @Test
    void matchesTorchsCastBitForBit() {
        DjlRuntime.configure();
        float[] all = new float[65536];
        for (int b = 0; b < all.length; b++) {
            all[b] = Float.intBitsToFloat(b << 16);
        }
        ByteBuffer bf16 = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < 65536; b++) {
            bf16.putShort((short) b);
        }
        bf16.flip();
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray torch = m.create(all).toType(DataType.FLOAT16, false);
            ShortBuffer expected = torch.toByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
            ShortBuffer ours = HalfPrecision.narrowBf16ToF16(bf16).asShortBuffer();
            int differ = 0;
            for (int b = 0; b < 65536; b++) {
                if (!Float.isNaN(all[b]) && expected.get(b) != ours.get(b)) {
                    differ++;
                }
            }
            assertEquals(0, differ, "patterns where our FP16 differs from torch's .half()");
            // The buffer is ready for DJL as FP16.
            NDArray back = m.create(HalfPrecision.narrowBf16ToF16(bf16), new Shape(65536), DataType.FLOAT16);
            assertEquals(torch.toType(DataType.FLOAT32, false).get("0:32000").sum().getFloat(),
                    back.toType(DataType.FLOAT32, false).get("0:32000").sum().getFloat(), 0f);
        }
    }

    @Test
    void countsValuesOutsideTheFp16Range() {
        ByteBuffer bf16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : new float[] {1f, 1e5f, -7e4f, Float.POSITIVE_INFINITY}) {
            bf16.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
        }
        bf16.flip();
        assertEquals(2, HalfPrecision.countOverflows(bf16), "finite values that become infinity");
    }

    /** Independent rounding on values: nearest multiple of the FP16 quantum, ties to even (Math.rint). */
    private static float reference(float v) {
        if (Float.isInfinite(v) || Math.abs(v) >= 65520f) {
            return Math.copySign(Float.POSITIVE_INFINITY, v);
        }
        int e = Math.max(Math.getExponent(v), -14);
        double quantum = Math.scalb(1.0, e - 10);
        double q = Math.rint(v / quantum) * quantum;
        return (float) Math.copySign(q, v);
    }

    private static int bits(float f) {
        return HalfPrecision.f32BitsToF16(Float.floatToRawIntBits(f)) & 0xFFFF;
    }
}
