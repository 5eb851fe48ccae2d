package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.GpuProbe;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.LibtorchCandidate;
import tunebench.engine.runtime.RuntimeStatus;

class DeviceOptionsTest {

    private static final GpuReport TWO_GPUS = GpuProbe.fromOutputs(Optional.empty(), Optional.of(
            "0, NVIDIA GeForce RTX 4090, 24564, 570.133.07\n1, NVIDIA RTX A6000, 49140, 570.133.07\n"), "", false);

    @Test
    void offersAutoCpuAndEachGpuAsModelDeviceValues() {
        DeviceOptions o = new DeviceOptions(CudaPlan.decide(TWO_GPUS, List::of, null), Optional.empty());
        assertEquals(List.of("auto", "cpu", "gpu:0", "gpu:1"), o.values());
        assertEquals("Auto (GPU when there is one)", o.label("auto"));
        assertEquals("CPU", o.label("cpu"));
        assertEquals("GPU 0 · NVIDIA GeForce RTX 4090 · 24 GB", o.label("gpu:0"));
        assertEquals("GPU 1 · NVIDIA RTX A6000 · 48 GB", o.label("cuda:1"));
        assertEquals("GPU 3 (not listed by the driver)", o.label("gpu:3"));
        assertEquals("tpu", o.label("tpu"));
    }

    @Test
    void noteSaysWhyAGpuChoiceGetsNoGpu() {
        DeviceOptions o = new DeviceOptions(CudaPlan.decide(TWO_GPUS, List::of, null), Optional.empty());
        assertEquals("", o.note("cpu"));
        assertTrue(o.note("gpu:1").startsWith("No GPU can be used: CUDA libtorch not found"), o.note("gpu:1"));
        assertTrue(o.note("auto").startsWith("Runs on the CPU: CUDA libtorch not found"), o.note("auto"));

        LibtorchCandidate lib = new LibtorchCandidate("DJL cache", Path.of("/c"), "2.7.1+cu128", null, null);
        CudaPlan ready = CudaPlan.decide(TWO_GPUS, () -> List.of(lib), null);
        assertEquals("", new DeviceOptions(ready, Optional.empty()).note("gpu:0"));
        RuntimeStatus fellBack = new RuntimeStatus(ready, "/cpu", false, 0, "CUDA libtorch in /c did not start");
        assertEquals("No GPU can be used: CUDA libtorch in /c did not start",
                new DeviceOptions(ready, Optional.of(fellBack)).note("gpu:0"));
    }
}
