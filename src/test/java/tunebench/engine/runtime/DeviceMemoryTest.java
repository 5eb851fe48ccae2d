package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeviceMemoryTest {

    @Test
    void readsKibFieldsOfProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assertEquals(102400L * 1024, DeviceMemory.kib(status, "VmRSS").getAsLong());
        assertEquals(204800L * 1024, DeviceMemory.kib(status, "VmHWM").getAsLong());
        assertTrue(DeviceMemory.kib(status, "VmSwap").isEmpty());
    }

    @Test
    void cpuReadingIsPlausible() {
        DeviceMemory m = DeviceMemory.cpu();
        assertEquals("cpu", m.device());
        long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(m.usedBytes() >= 20_000_000L, "a JVM holds more than 20 MB: " + m.usedBytes());
        assertTrue(m.totalBytes() > m.usedBytes(), m.toString());
        assertTrue(m.usedBytes() < m.totalBytes() && heapUsed > 0, m.toString());
        assertTrue(m.usedOfTotal().matches("\\d+\\.\\d / \\d+\\.\\d GB"), m.usedOfTotal());
    }

    @Test
    void cpuPeakIsTheHighWaterMarkAndGrowsWithTouchedMemory() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        DeviceMemory before = DeviceMemory.cpu();
        assertTrue(before.hasPeak());
        assertTrue(before.peakBytes() >= before.usedBytes(), before.toString());
        if (DeviceMemory.resetPeak()) {
            // 256 MB touched off-heap raises the resident peak by about that much.
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(256 << 20);
            for (int i = 0; i < b.capacity(); i += 4096) {
                b.put(i, (byte) 1);
            }
            DeviceMemory after = DeviceMemory.cpu();
            assertTrue(after.peakBytes() >= before.usedBytes() + 200_000_000L - 64_000_000L,
                    before + " then " + after);
        }
    }
}
