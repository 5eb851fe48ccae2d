package tunebench.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.DeviceChoice;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.RuntimeStatus;

/**
 * The Train form's device choices, as model.device values with the words shown for them:
 * "auto" (the GPU when there is one), "cpu", and "gpu:N" for each GPU the driver probe listed
 * ("GPU 0 · NVIDIA GeForce RTX 4090 · 24 GB"). Known without starting libtorch; the note says
 * why a GPU choice would fall back or fail, in the runtime's own words.
 */
final class DeviceOptions {

    static final String AUTO_LABEL = "Auto (GPU when there is one)";

    private final CudaPlan plan;
    private final Optional<RuntimeStatus> running;

    DeviceOptions(CudaPlan plan, Optional<RuntimeStatus> running) {
        this.plan = plan;
        this.running = running;
    }

    /** The values offered: auto, cpu, then each listed GPU. */
    List<String> values() {
        List<String> out = new ArrayList<>(List.of("auto", "cpu"));
        plan.driver().gpus().forEach(g -> out.add("gpu:" + g.index()));
        return out;
    }

    /** The words for a value; one typed by hand ("cuda:1") reads as the GPU it names. */
    String label(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        if (!DeviceChoice.isValid(value)) {
            return value;
        }
        DeviceChoice c = DeviceChoice.parse(value);
        return switch (c.kind()) {
            case AUTO -> AUTO_LABEL;
            case CPU -> "CPU";
            case GPU -> {
                int i = Math.max(c.index(), 0);
                yield plan.driver().gpus().stream().filter(g -> g.index() == i).findFirst()
                        .map(DeviceOptions::describe).orElse("GPU " + i + " (not listed by the driver)");
            }
        };
    }

    static String describe(GpuReport.Gpu g) {
        return "GPU " + g.index() + " · " + g.name() + " · "
                // Binary, as GPU makers label cards: 24,564 MiB is a "24 GB" RTX 4090.
                + String.format(Locale.ROOT, "%.0f GB", g.memoryMiB() / 1024.0);
    }

    /**
     * Why the chosen device would not be a GPU, or empty when it is one or the CPU was asked
     * for. Never starts the engine: before it runs, the start-up plan says why.
     */
    String note(String value) {
        if (!DeviceChoice.isValid(value) || DeviceChoice.parse(value).kind() == DeviceChoice.Kind.CPU) {
            return "";
        }
        boolean auto = DeviceChoice.parse(value).kind() == DeviceChoice.Kind.AUTO;
        String why;
        if (running.isPresent()) {
            RuntimeStatus s = running.get();
            if (s.cuda() && s.gpuCount() > 0) {
                return "";
            }
            why = s.whyNoGpu();
        } else if (plan.chosen() != null) {
            return ""; // a CUDA libtorch is ready; the run checks the rest as it starts
        } else {
            why = plan.note();
        }
        return (auto ? "Runs on the CPU: " : "No GPU can be used: ") + why;
    }
}
