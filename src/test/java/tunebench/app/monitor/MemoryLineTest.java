package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.DeviceMemory;

class MemoryLineTest {

    @Test
    void cpuLineShowsTheRunsPeakAndTheGpuLineSaysItHasNone() {
        DeviceMemory cpu = new DeviceMemory("cpu", 3_100_000_000L, 23_400_000_000L, 4_000_000_000L);
        assertEquals("Memory: 3.1 / 23.4 GB · run peak 4.0 GB", MemoryLine.text(cpu, true));
        assertEquals("Memory: 3.1 / 23.4 GB · process peak 4.0 GB", MemoryLine.text(cpu, false));
        DeviceMemory gpu = new DeviceMemory("gpu:0", 5_100_000_000L, 24_000_000_000L, -1);
        assertEquals("GPU 0 memory: 5.1 / 24.0 GB (whole device) · peak not available on the GPU",
                MemoryLine.text(gpu, true));
        assertEquals("", MemoryLine.text(null, true));
    }
}
