package tunebench.engine.quant;

import java.util.Arrays;

/**
 * bitsandbytes' signed 8-bit "dynamic" map ({@code functional.create_dynamic_map(signed=True,
 * max_exponent_bits=7, total_bits=8)}), the code double quantization stores absmax values in:
 * for each exponent 10^-6 .. 10^0 the midpoints of an evenly spaced fraction grid over
 * [0.1, 1], with both signs, plus 0 and 1 (Dettmers, https://arxiv.org/abs/1511.04561).
 */
public final class DynamicMap {

    private static final int MAX_EXPONENT_BITS = 7;
    private static final int TOTAL_BITS = 8;

    private DynamicMap() {}

    /** The 256 sorted values, as bitsandbytes generates them. */
    public static float[] signed() {
        int nonSignBits = TOTAL_BITS - 1;
        float[] data = new float[1 << TOTAL_BITS];
        int k = 0;
        for (int i = 0; i < MAX_EXPONENT_BITS; i++) {
            int fractionItems = (1 << (i + nonSignBits - MAX_EXPONENT_BITS)) + 1;
            float[] boundaries = linspace(0.1f, 1f, fractionItems);
            // Python's 10 ** (i - 6) is a double; torch multiplies float32 tensors by it in float32.
            float scale = (float) Double.parseDouble("1e" + (i - (MAX_EXPONENT_BITS - 1)));
            for (int j = 0; j + 1 < boundaries.length; j++) {
                float mean = (boundaries[j] + boundaries[j + 1]) / 2f;
                data[k++] = scale * mean;
                data[k++] = -(scale * mean);
            }
        }
        // max_exponent_bits = 7 leaves no "additional items"; what remains is 0 and 1.
        data[k++] = 0f;
        data[k++] = 1f;
        if (k != data.length) {
            throw new IllegalStateException("dynamic map has " + k + " values, not 256");
        }
        Arrays.sort(data);
        return data;
    }

    /**
     * {@code torch.linspace(start, end, steps)} in float32 as libtorch's CPU kernel computes it;
     * the map's last bits follow from it, and the reference fixture pins them. step =
     * (end - start) / (steps - 1); the first half counts up from start and the second down from
     * end. Runs of 16 elements are two 8-wide vectors whose lanes add k * step to the vector's
     * first value; the tail is computed element by element, with a fused multiply-add.
     */
    static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (steps - 1);
        int idx = 0;
        for (; idx <= steps - 16; idx += 16) {
            for (int vector = 0; vector < 2; vector++) {
                int first = idx + 8 * vector;
                float base = element(start, end, step, steps, first);
                for (int lane = 0; lane < 8; lane++) {
                    out[first + lane] = base + lane * step;
                }
            }
        }
        for (; idx < steps; idx++) {
            out[idx] = element(start, end, step, steps, idx);
        }
        return out;
    }

    private static float element(float start, float end, float step, int steps, int idx) {
        return idx < steps / 2
                ? Math.fma(step, (float) idx, start)
                : Math.fma(-step, (float) (steps - idx - 1), end);
    }
}
