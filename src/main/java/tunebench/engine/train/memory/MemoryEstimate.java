package tunebench.engine.train.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's peak device memory, part by part, in bytes. {@code notes} say what each part
 * assumed, so the numbers can be argued with.
 */
public record MemoryEstimate(
        long weights,
        long quantConstants,
        long trainable,
        long gradients,
        long optimizer,
        long activations,
        long trainableParameters,
        long totalParameters,
        List<String> notes) {

    public MemoryEstimate {
        notes = List.copyOf(notes);
    }

    public long totalBytes() {
        return weights + quantConstants + trainable + gradients + optimizer + activations;
    }

    /** The parts under the names the {@code estimate --json} line uses. */
    public Map<String, Long> parts() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("weights", weights);
        out.put("quant_constants", quantConstants);
        out.put("trainable", trainable);
        out.put("gradients", gradients);
        out.put("optimizer", optimizer);
        out.put("activations", activations);
        return out;
    }

    public boolean fits(long deviceBytes) {
        return totalBytes() <= deviceBytes;
    }

    /** "fits on 24 GB with 3.1 GB spare" or "needs 41.2 GB: 17.2 GB more than 24 GB". */
    public String verdict(long deviceBytes) {
        String device = gb(deviceBytes);
        long spare = deviceBytes - totalBytes();
        return spare >= 0 ? "fits on " + device + " with " + gb(spare) + " spare"
                : "needs " + gb(totalBytes()) + ": " + gb(-spare) + " more than " + device;
    }

    /** Decimal gigabytes, as GPU makers count them ("24 GB"). */
    public static String gb(long bytes) {
        double g = bytes / 1e9;
        // One decimal below 100 GB, so "23.7 GB spare" does not read as "24 GB spare" on 24.
        return g >= 100 || g == Math.rint(g) ? String.format(Locale.ROOT, "%.0f GB", g)
                : String.format(Locale.ROOT, "%.1f GB", g);
    }
}
