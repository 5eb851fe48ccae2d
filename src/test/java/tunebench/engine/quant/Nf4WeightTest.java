package tunebench.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.DjlRuntime;

/** Properties of the NF4 codec beyond the fixture: odd sizes, ties, zero blocks, memory. */
class Nf4WeightTest {

    private NDManager manager;
    private Codebook codebook;

    @BeforeEach
    void open() {
        manager = DjlRuntime.newManager();
        codebook = Codebook.create(manager);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The codes one element at a time, as the CUDA kernel's comparisons decide them. */
    private static int[] referenceCodes(float[] x, int blockSize) {
        int[] codes = new int[x.length];
        for (int b = 0; b * blockSize < x.length; b++) {
            int end = Math.min(x.length, (b + 1) * blockSize);
            float absmax = 0;
            for (int i = b * blockSize; i < end; i++) {
                absmax = Math.max(absmax, Math.abs(x[i]));
            }
            float recip = 1f / absmax;
            for (int i = b * blockSize; i < end; i++) {
                float s = Math.max(-1f, Math.min(1f, x[i] * recip));
                int c = 0;
                for (int k = 0; k < 15; k++) {
                    c += s > (Nf4.CODE[k] + Nf4.CODE[k + 1]) / 2f ? 1 : 0;
                }
                codes[i] = c;
            }
        }
        return codes;
    }

    private static int[] unpack(byte[] packed, int n) {
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            int b = packed[i / 2] & 0xFF;
            codes[i] = i % 2 == 0 ? b >> 4 : b & 0x0F;
        }
        return codes;
    }

    private float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 0.02);
        }
        return x;
    }

    @Test
    void oddSizesAndPartialBlocksMatchTheElementwiseReference() {
        for (int[] shape : List.of(new int[] {3, 43}, new int[] {7, 64}, new int[] {1, 1})) {
            int n = shape[0] * shape[1];
            float[] x = random(n, n);
            NDArray a = manager.create(x, new Shape(shape[0], shape[1]));
            for (boolean dq : new boolean[] {false, true}) {
                try (Nf4Weight w = Nf4Weight.quantize(a, QuantSpec.nf4().withDoubleQuant(dq),
                        codebook, manager)) {
                    assertEquals((n + 1) / 2, w.packed().size());
                    assertArrayEquals(referenceCodes(x, 64),
                            unpack(w.packed().toByteArray(), n), "shape " + shape[0] + "x" + shape[1]);
                    NDArray back = w.dequantize(DataType.FLOAT32);
                    assertEquals(a.getShape(), back.getShape());
                    float[] y = back.toFloatArray();
                    float[] absmax = w.absmax().toFloatArray();
                    for (int i = 0; i < n; i++) {
                        // the widest gap between NF4 levels is 0.304: error <= half of it * absmax
                        float bound = 0.153f * absmax[i / 64] + (dq ? 0.01f * absmax[i / 64] : 0);
                        assertTrue(Math.abs(y[i] - x[i]) <= bound, "element " + i);
                    }
                }
            }
        }
    }

    @Test
    void aValueExactlyHalfwayGoesToTheLowerLevel() {
        float mid = (Nf4.CODE[8] + Nf4.CODE[9]) / 2f; // absmax 1 keeps it exactly halfway
        float[] x = new float[64];
        x[0] = 1f;
        x[1] = mid;
        x[2] = Math.nextUp(mid);
        try (Nf4Weight w = Nf4Weight.quantize(manager.create(x), QuantSpec.nf4(), codebook, manager)) {
            int[] codes = unpack(w.packed().toByteArray(), 64);
            assertEquals(15, codes[0]);
            assertEquals(8, codes[1]);
            assertEquals(9, codes[2]);
            assertEquals(7, codes[3], "zero is level 7");
        }
    }

    /** Every threshold and the floats around it land where one-by-one comparisons put them. */
    @Test
    void everyMidpointAndItsNeighboursGetTheReferenceLevel() {
        float[] x = new float[64 * 15];
        for (int k = 0; k < 15; k++) {
            float mid = (Nf4.CODE[k] + Nf4.CODE[k + 1]) / 2f;
            float[] around = {mid, Math.nextUp(mid), Math.nextDown(mid), mid + 1e-6f, mid - 1e-6f};
            x[64 * k] = 1f; // absmax 1: the scaled values are the values themselves
            System.arraycopy(around, 0, x, 64 * k + 1, around.length);
            for (int b = 0; b < 58; b++) { // and a grid of values nearby
                x[64 * k + 6 + b] = Math.max(-1f, Math.min(1f, mid - 0.03f + b / 1024f));
            }
        }
        try (Nf4Weight w = Nf4Weight.quantize(manager.create(x), QuantSpec.nf4(), codebook, manager)) {
            assertArrayEquals(referenceCodes(x, 64), unpack(w.packed().toByteArray(), x.length));
        }
    }

    @Test
    void anAllZeroBlockDequantizesToZeros() {
        float[] x = new float[128];
        x[100] = 0.5f;
        try (Nf4Weight w = Nf4Weight.quantize(manager.create(x), QuantSpec.nf4(), codebook, manager)) {
            float[] y = w.dequantize(DataType.FLOAT32).toFloatArray();
            for (int i = 0; i < 64; i++) {
                assertEquals(0f, y[i], 0f, "element " + i);
            }
            assertEquals(0.5f, y[100], 1e-3f);
        }
    }

    @Test
    void doubleQuantizationTakesAtMost052BytesPerParameter() {
        NDArray a = manager.randomNormal(0f, 0.02f, new Shape(512, 256), DataType.FLOAT32);
        try (Nf4Weight single = Nf4Weight.quantize(a, QuantSpec.nf4().withDoubleQuant(false), codebook, manager);
                Nf4Weight dq = Nf4Weight.quantize(a, QuantSpec.nf4(), codebook, manager)) {
            Nf4Footprint one = Nf4Footprint.of(List.of(single));
            Nf4Footprint two = Nf4Footprint.of(List.of(dq));
            assertEquals(0.5, one.codeBytesPerParameter(), 1e-12);
            assertEquals(4.0 / 64, one.constantBytesPerParameter(), 1e-12);
            // 8/64 bits + 32/(64*256) bits per parameter, plus one offset per tensor
            assertEquals((1.0 + 4.0 / 256) / 64 + 4.0 / (512 * 256), two.constantBytesPerParameter(), 1e-12);
            assertTrue(two.weightBytesPerParameter() <= 0.52, "" + two.weightBytesPerParameter());
            assertEquals(two, Nf4Footprint.estimate(List.of(new long[] {512, 256}), QuantSpec.nf4()));
            assertEquals(one, Nf4Footprint.estimate(List.of(new long[] {512, 256}),
                    QuantSpec.nf4().withDoubleQuant(false)));
        }
    }

    @Test
    void quantizingAndDequantizingLeaveNoArraysBehind() {
        NDArray a = manager.randomNormal(0f, 0.02f, new Shape(64, 300), DataType.FLOAT32);
        int before = manager.getManagedArrays().size();
        try (NDManager model = manager.newSubManager();
                Nf4Weight w = Nf4Weight.quantize(a, QuantSpec.nf4(), codebook, model)) {
            assertEquals(before, manager.getManagedArrays().size() - model.getManagedArrays().size(),
                    "quantization scratch left in the source manager");
            assertEquals(4, model.getManagedArrays().size(), "packed, codes, absmax2, offset");
            w.dequantize(DataType.FLOAT32).close();
            assertEquals(4, model.getManagedArrays().size(), "dequantization scratch left behind");
        }
    }

    @Test
    void refusesWhatItCannotQuantize() {
        assertThrows(IllegalArgumentException.class, () -> new QuantSpec("fp4", true, 64));
        assertThrows(IllegalArgumentException.class, () -> new QuantSpec("nf4", true, 48));
        NDArray ints = manager.arange(0, 64, 1, DataType.INT32);
        assertThrows(IllegalArgumentException.class,
                () -> Nf4Weight.quantize(ints, QuantSpec.nf4(), codebook, manager));
    }
}
