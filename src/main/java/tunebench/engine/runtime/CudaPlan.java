package tunebench.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The decision taken before DJL starts: start it on a CUDA libtorch (and which), or on the
 * CPU libtorch jar, and the sentence that says why. Pure, so every branch is testable
 * without a GPU.
 *
 * @param driver what the NVIDIA driver said
 * @param candidates the CUDA libtorch folders looked at (empty when there was no point looking)
 * @param chosen the folder to start on, or null for the CPU jar
 * @param note why the CPU (null when a CUDA libtorch was chosen); a warning on the chosen one otherwise
 */
public record CudaPlan(GpuReport driver, List<LibtorchCandidate> candidates, LibtorchCandidate chosen, String note) {

    public CudaPlan {
        candidates = List.copyOf(candidates);
    }

    /** How to turn CUDA off: TUNEBENCH_CUDA=off in the environment or -Dtunebench.cuda=off. */
    public static final String SWITCH = "TUNEBENCH_CUDA";

    /**
     * Decides. Libtorch folders are only searched when the driver can run CUDA 12.8, so a
     * machine without an NVIDIA card never pays for the search.
     *
     * @param switchedOff the user's reason to stay on the CPU (the switch's value), or null
     */
    public static CudaPlan decide(GpuReport driver, Supplier<List<LibtorchCandidate>> locate, String switchedOff) {
        if (switchedOff != null) {
            return new CudaPlan(driver, List.of(), null, "CUDA is switched off (" + SWITCH + "=" + switchedOff + ").");
        }
        if (!driver.usable()) {
            return new CudaPlan(driver, List.of(), null, driver.sentence());
        }
        List<LibtorchCandidate> found = locate.get();
        LibtorchCandidate chosen = LibtorchLocator.firstUsable(found).orElse(null);
        if (chosen != null) {
            return new CudaPlan(driver, found, chosen, chosen.warning());
        }
        String tried = found.isEmpty() ? "none found"
                : found.stream().map(LibtorchCandidate::describe).collect(Collectors.joining("; "));
        return new CudaPlan(driver, found, null, "CUDA libtorch not found (" + tried + "): "
                + howToEnable());
    }

    /** The exact steps, for messages and {@code tunebench gpu}. */
    public static String howToEnable() {
        return "run `tunebench gpu --download-cuda` to fetch libtorch " + LibtorchLocator.TORCH_VERSION
                + " (" + LibtorchLocator.FLAVOR + ", about 2 GB) into DJL's cache, or set PYTORCH_LIBRARY_PATH"
                + " to the lib folder of a PyTorch " + LibtorchLocator.TORCH_VERSION + "+" + LibtorchLocator.FLAVOR
                + " install (e.g. .../site-packages/torch/lib)";
    }

    /** The system properties DJL reads before it loads libtorch; empty for the CPU jar. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (chosen != null) {
            p.put("PYTORCH_LIBRARY_PATH", chosen.dir().toString());
            // Without the flavor DJL picks the CPU JNI and fails on a CUDA libtorch.
            p.put("PYTORCH_FLAVOR", LibtorchLocator.FLAVOR);
            p.put("PYTORCH_VERSION", LibtorchLocator.TORCH_VERSION);
        }
        return p;
    }
}
