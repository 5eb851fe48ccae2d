package tunebench.app.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.DeviceMemory;
import tunebench.engine.runtime.GpuProbe;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.LibtorchCandidate;
import tunebench.engine.runtime.RuntimeStatus;

class DeviceStatusTest {

    private static final GpuReport GOOD = GpuProbe.fromOutputs(Optional.empty(),
            Optional.of("0, NVIDIA GeForce RTX 4090, 24564, 570.133.07\n"), "", false);
    private static final DeviceMemory CPU = new DeviceMemory("cpu", 1_200_000_000L, 23_400_000_000L, 1_500_000_000L);
    private static final String CORES = DeviceStatus.cpuName();

    private static DeviceStatus status(GpuReport report, Optional<RuntimeStatus> running, int inUse,
            AtomicInteger gpuAsked) {
        CudaPlan plan = CudaPlan.decide(report, List::of, null);
        return new DeviceStatus(new DeviceStatus.Sources(() -> running, () -> plan, () -> CPU, i -> {
            gpuAsked.incrementAndGet();
            return new DeviceMemory("gpu:" + i, 5_100_000_000L, 24_000_000_000L, -1);
        }, () -> inUse), Runnable::run);
    }

    @Test
    void beforeTheEngineRunsItShowsTheCpuAndTheGpuTheProbeFound() {
        AtomicInteger asked = new AtomicInteger();
        DeviceStatus s = status(GOOD, Optional.empty(), 0, asked);
        s.refresh();
        assertEquals(CORES + " · 1.2 / 23.4 GB · NVIDIA GeForce RTX 4090 not in use", s.textProperty().get());
        assertTrue(s.tooltipProperty().get().contains("CUDA libtorch not found"), s.tooltipProperty().get());
        assertEquals(0, asked.get(), "no CUDA call before the engine runs");
        assertEquals(CPU, s.memoryProperty().get());
    }

    @Test
    void noDriverShowsOnlyTheCpu() {
        GpuReport none = GpuProbe.fromOutputs(Optional.empty(), Optional.empty(), "not on PATH", false);
        DeviceStatus s = status(none, Optional.empty(), -1, new AtomicInteger());
        s.refresh();
        assertEquals(CORES + " · 1.2 / 23.4 GB", s.textProperty().get());
    }

    @Test
    void aCudaEngineComputingOnTheGpuShowsItsMemory() {
        LibtorchCandidate lib = new LibtorchCandidate("DJL cache", java.nio.file.Path.of("/c"), "2.7.1+cu128", null, null);
        CudaPlan plan = CudaPlan.decide(GOOD, () -> List.of(lib), null);
        AtomicInteger asked = new AtomicInteger();
        DeviceStatus s = status(GOOD, Optional.of(new RuntimeStatus(plan, "/c", true, 1, null)), 0, asked);
        s.refresh();
        assertEquals("NVIDIA GeForce RTX 4090 · 5.1 / 24.0 GB", s.textProperty().get());
        assertEquals("gpu:0", s.memoryProperty().get().device());
        assertEquals(1, asked.get());
    }

    @Test
    void aFailedReadingKeepsTheLabelAndSaysWhy() {
        CudaPlan plan = CudaPlan.decide(GOOD, List::of, null);
        DeviceStatus s = new DeviceStatus(new DeviceStatus.Sources(Optional::empty, () -> plan, () -> {
            throw new IllegalStateException("no /proc");
        }, i -> null, () -> -1), Runnable::run);
        s.refresh();
        assertEquals(CORES, s.textProperty().get());
        assertTrue(s.tooltipProperty().get().contains("no /proc"));
    }
}
