package tunebench.engine.runtime;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of the device a run computes on, as one reading: used and total, and the peak where
 * it can be measured. On the CPU, used is this process's resident set (VmRSS) against the
 * machine's RAM, and the peak is the kernel's high-water mark (VmHWM), which
 * {@link #resetPeak()} restarts so a run reports its own. On a CUDA device, used and total are
 * the whole device's (cudaMemGetInfo through DJL's CudaUtils, so other programs count too);
 * DJL exposes no allocator statistics (PyTorch's max_memory_allocated), so there is no peak.
 *
 * @param device "cpu" or "gpu:N"
 * @param usedBytes in use now, or -1 when unknown
 * @param totalBytes the device's size, or -1 when unknown
 * @param peakBytes the highest use since the last reset, or -1 when it cannot be measured
 */
public record DeviceMemory(String device, long usedBytes, long totalBytes, long peakBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** The CPU now: this process against the machine. */
    public static DeviceMemory cpu() {
        String status = read(STATUS);
        long used = status == null ? -1 : kib(status, "VmRSS").orElse(-1);
        long peak = status == null ? -1 : kib(status, "VmHWM").orElse(-1);
        if (used < 0) {
            // Not Linux: the Java heap is the part of this process the JVM can measure.
            Runtime rt = Runtime.getRuntime();
            used = rt.totalMemory() - rt.freeMemory();
        }
        return new DeviceMemory("cpu", used, machineTotal(), peak);
    }

    /**
     * A CUDA device now, whole-device numbers. Call only when the engine runs on a CUDA
     * libtorch ({@link RuntimeStatus#cuda()}): it asks the CUDA runtime DJL loaded.
     *
     * @throws IllegalStateException when CUDA cannot be asked (DJL's own message)
     */
    public static DeviceMemory gpu(int index) {
        MemoryUsage m = CudaUtils.getGpuMemory(Device.gpu(index));
        return new DeviceMemory("gpu:" + index, m.getUsed(), m.getMax(), -1);
    }

    /** The device a DJL device names. */
    public static DeviceMemory of(Device device) {
        return device.isGpu() ? gpu(device.getDeviceId()) : cpu();
    }

    /**
     * Restarts the CPU peak (writes 5 to /proc/self/clear_refs, Linux 4.0+), so the next
     * {@link #cpu()} reports the highest resident set since now. False where it cannot.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** A "Vm...:   1234 kB" line of /proc/self/status (or /proc/meminfo), in bytes. */
    static OptionalLong kib(String text, String field) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(field) + ":\\s+(\\d+)\\s*kB").matcher(text);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    }

    private static long machineTotal() {
        String meminfo = read(MEMINFO);
        OptionalLong total = meminfo == null ? OptionalLong.empty() : kib(meminfo, "MemTotal");
        if (total.isPresent()) {
            return total.getAsLong();
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    public boolean hasPeak() {
        return peakBytes >= 0;
    }

    /** "1.2 / 23.4 GB"; "1.2 GB" when the total is unknown. */
    public String usedOfTotal() {
        if (totalBytes <= 0) {
            return gb(usedBytes) + " GB";
        }
        return gb(usedBytes) + " / " + gb(totalBytes) + " GB";
    }

    /** Decimal gigabytes with one decimal, as GPU makers and the memory estimate count. */
    public static String gb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / 1e9);
    }
}
