package tunebench.engine.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the NVIDIA driver says about this machine, found without any CUDA library: the driver
 * version, the GPUs, and when CUDA cannot be used, the one sentence that says why.
 *
 * @param driverVersion "570.133.07", or null when no driver answered
 * @param gpus the GPUs nvidia-smi listed (empty when it could not be asked)
 * @param problem null when the driver can run CUDA 12.8 on at least one GPU, else why not
 */
public record GpuReport(String driverVersion, List<Gpu> gpus, String problem) {

    /** One GPU as nvidia-smi lists it. */
    public record Gpu(int index, String name, long memoryMiB) {
        public String describe() {
            return "GPU " + index + ": " + name + " (" + String.format("%.1f", memoryMiB / 1024.0) + " GiB)";
        }
    }

    public GpuReport {
        gpus = List.copyOf(gpus);
    }

    /** True when the driver is new enough for cu128 and at least one GPU was listed. */
    public boolean usable() {
        return problem == null && !gpus.isEmpty();
    }

    /** "driver 570.133.07, GPU 0: NVIDIA GeForce RTX 4090 (24.0 GiB)", or the problem. */
    public String sentence() {
        if (problem != null) {
            return problem;
        }
        return "driver " + driverVersion + ", "
                + gpus.stream().map(Gpu::describe).collect(Collectors.joining(", "));
    }
}
