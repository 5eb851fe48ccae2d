package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** F32 to BF16 narrowing (round-to-nearest-even, NaN apart) and BF16 to F32 widening, in Java. */
class SafetensorsBf16RoundingTest {

    private static short bf16(int f32Bits) {
        return TensorBytes.f32BitsToBf16(f32Bits);
    }

    private static short bf16(float f) {
        return bf16(Float.floatToRawIntBits(f));
    }

    @Test
    void exactValuesAreKept() {
        assertEquals((short) 0x3F80, bf16(1.0f));
        assertEquals((short) 0xC000, bf16(-2.0f));
        assertEquals((short) 0x7F7F, bf16(0x7F7F0000)); // largest finite BF16
        assertEquals((short) 0x0001, bf16(0x00010000)); // smallest BF16 subnormal
    }

    @Test
    void tiesRoundToEven() {
        // 1 + 2^-8 is halfway between 0x3F80 and 0x3F81; 0x3F80 is even.
        assertEquals((short) 0x3F80, bf16(1.00390625f));
        // 1 + 2^-7 + 2^-8 (0x3F818000) is halfway between 0x3F81 and 0x3F82; 0x3F82 is even.
        assertEquals((short) 0x3F82, bf16(1.01171875f));
        assertEquals((short) 0xBF82, bf16(-1.01171875f));
        // Subnormal ties: 0x00008000 -> 0x0000 (even), 0x00018000 -> 0x0002 (even).
        assertEquals((short) 0x0000, bf16(0x00008000));
        assertEquals((short) 0x0002, bf16(0x00018000));
    }

    @Test
    void nonTiesRoundToNearest() {
        assertEquals((short) 0x3F81, bf16(0x3F808001)); // just above the tie
        assertEquals((short) 0x3F80, bf16(0x3F807FFF)); // just below the tie
        assertEquals((short) 0x4049, bf16(3.14159265f)); // 0x40490FDB: low half 0x0FDB < 0x8000
        assertEquals((short) 0x3DCD, bf16(0.1f)); // 0x3DCCCCCD: low half 0xCCCD > 0x8000
    }

    @Test
    void overflowRoundsToInfinity() {
        assertEquals((short) 0x7F80, bf16(Float.MAX_VALUE)); // 0x7F7FFFFF rounds up past 0x7F7F
        assertEquals((short) 0xFF80, bf16(-Float.MAX_VALUE));
    }

    @Test
    void infinitiesAndSignedZerosAreKept() {
        assertEquals((short) 0x7F80, bf16(Float.POSITIVE_INFINITY));
        assertEquals((short) 0xFF80, bf16(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x0000, bf16(0.0f));
        assertEquals((short) 0x8000, bf16(-0.0f));
    }

    @Test
    void nanStaysNanWithItsSign() {
        assertEquals((short) 0x7FC0, bf16(0x7FC00000));
        assertEquals((short) 0xFFC0, bf16(0xFFC00000));
        // Payload only in the dropped bits: truncation alone would give infinity, so the
        // quiet bit is forced.
        assertEquals((short) 0x7FC0, bf16(0x7F800001));
        assertEquals((short) 0xFFC0, bf16(0xFF800001));
        // The rounding add would carry 0x7FFFFFFF into 0x8000 (-0.0): NaN must bypass it.
        assertEquals((short) 0x7FFF, bf16(0x7FFFFFFF));
        assertTrue(Float.isNaN(Float.intBitsToFloat(TensorBytes.bf16ToF32Bits(bf16(Float.NaN)))));
    }

    @Test
    void wideningShiftsIntoTheTopHalf() {
        assertEquals(1.0f, Float.intBitsToFloat(TensorBytes.bf16ToF32Bits((short) 0x3F80)));
        assertEquals(Math.scalb(1f, -133),
                Float.intBitsToFloat(TensorBytes.bf16ToF32Bits((short) 0x0001)));
        assertEquals(0x80000000, TensorBytes.bf16ToF32Bits((short) 0x8000));
        assertEquals(Float.NEGATIVE_INFINITY,
                Float.intBitsToFloat(TensorBytes.bf16ToF32Bits((short) 0xFF80)));
    }

    @Test
    void everyBf16PatternSurvivesWidenThenNarrow() {
        ByteBuffer bf16 = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 65536; i++) {
            bf16.putShort((short) i);
        }
        bf16.flip();
        ByteBuffer f32 = TensorBytes.widenBf16(bf16);
        assertEquals(4 * 65536, f32.remaining());
        assertEquals(bf16, TensorBytes.narrowToBf16(f32));
    }

    @Test
    void bufferNarrowingMatchesScalarNarrowing() {
        int[] bits = {0x3F808000, 0x3F818000, 0x7F7FFFFF, 0x7FFFFFFF, 0x80000000, 0x00018000};
        ByteBuffer f32 = ByteBuffer.allocate(4 * bits.length).order(ByteOrder.BIG_ENDIAN);
        f32.asIntBuffer().put(bits);
        ByteBuffer out = TensorBytes.narrowToBf16(f32);
        assertEquals(ByteOrder.LITTLE_ENDIAN, out.order());
        for (int i = 0; i < bits.length; i++) {
            assertEquals(bf16(bits[i]), out.getShort(2 * i), "element " + i);
        }
    }
}
