package tunebench.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an NVIDIA GPU and its driver before any CUDA library is loaded, from what the driver
 * itself publishes: /proc/driver/nvidia/version on Linux and {@code nvidia-smi} (Linux and
 * Windows). The parsing takes plain text so tests can feed it any machine's output.
 */
public final class GpuProbe {

    /**
     * Minimum drivers for CUDA 12.8 GA: Linux x86_64 >= 570.26, Windows x86_64 >= 570.65
     * ("CUDA Toolkit and Corresponding Driver Versions" table of the CUDA 12.8 release notes,
     * https://docs.nvidia.com/cuda/archive/12.8.0/cuda-toolkit-release-notes/).
     */
    public static final String MIN_DRIVER_LINUX = "570.26";
    public static final String MIN_DRIVER_WINDOWS = "570.65";

    static final String SMI_QUERY = "--query-gpu=index,name,memory.total,driver_version";
    private static final Path PROC_VERSION = Path.of("/proc/driver/nvidia/version");
    private static final Pattern PROC_DRIVER = Pattern.compile("Kernel Module\\s+(?:for \\S+\\s+)?(\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+");
    private static final long SMI_TIMEOUT_MS = 5_000;

    private GpuProbe() {}

    /** Asks this machine (at most a few seconds: nvidia-smi is killed if it hangs). */
    public static GpuReport probe() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Optional<String> proc = readQuietly(PROC_VERSION);
        SmiResult smi = runSmi();
        return fromOutputs(proc, smi.output(), smi.error(), windows);
    }

    /**
     * Reads the driver's answers.
     *
     * @param procText text of /proc/driver/nvidia/version, empty when it does not exist
     * @param smiOutput nvidia-smi's CSV answer, empty when it could not be run
     * @param smiError why nvidia-smi gave no answer ("not on PATH", "timed out", its stderr)
     */
    public static GpuReport fromOutputs(
            Optional<String> procText, Optional<String> smiOutput, String smiError, boolean windows) {
        String minimum = windows ? MIN_DRIVER_WINDOWS : MIN_DRIVER_LINUX;
        String procDriver = procText.map(GpuProbe::procDriver).orElse(null);
        List<GpuReport.Gpu> gpus = new ArrayList<>();
        String smiDriver = null;
        String garbled = null;
        if (smiOutput.isPresent()) {
            for (String line : smiOutput.get().split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                try {
                    if (f.length != 4 || !VERSION.matcher(f[3].trim()).matches()) {
                        throw new NumberFormatException();
                    }
                    gpus.add(new GpuReport.Gpu(Integer.parseInt(f[0].trim()), f[1].trim(),
                            Long.parseLong(f[2].trim())));
                    smiDriver = f[3].trim();
                } catch (NumberFormatException e) {
                    garbled = "nvidia-smi gave an answer Tunebench cannot read: '" + abbreviate(line) + "'";
                    break;
                }
            }
        }
        String driver = smiDriver != null ? smiDriver : procDriver;
        if (garbled != null) {
            return new GpuReport(driver, List.of(), garbled);
        }
        if (driver == null) {
            String why = procText.isEmpty() && smiOutput.isEmpty()
                    ? "No NVIDIA driver found (no /proc/driver/nvidia/version, and nvidia-smi: " + smiError + ")"
                    : "An NVIDIA driver answered but gave no version";
            return new GpuReport(null, List.of(), why + ": Tunebench runs on the CPU.");
        }
        if (compareVersions(driver, minimum) < 0) {
            return new GpuReport(driver, gpus, "NVIDIA driver " + driver + " is too old for CUDA 12.8,"
                    + " which needs " + minimum + " or newer" + (windows ? " on Windows" : " on Linux")
                    + ": update the driver to use the GPU; Tunebench runs on the CPU until then.");
        }
        if (gpus.isEmpty()) {
            String why = smiOutput.isPresent() ? "nvidia-smi lists no GPU" : "nvidia-smi could not list the GPUs (" + smiError + ")";
            return new GpuReport(driver, gpus, "NVIDIA driver " + driver + " is loaded but " + why + ".");
        }
        return new GpuReport(driver, gpus, null);
    }

    /** Numeric, part by part: "570.133.07" > "570.26" (133 > 26), "570.26" == "570.26.00". */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static String procDriver(String text) {
        Matcher m = PROC_DRIVER.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private record SmiResult(Optional<String> output, String error) {}

    private static SmiResult runSmi() {
        Optional<Path> exe = onPath(System.getProperty("os.name", "").startsWith("Windows") ? "nvidia-smi.exe" : "nvidia-smi");
        if (exe.isEmpty()) {
            return new SmiResult(Optional.empty(), "not on PATH");
        }
        Process p = null;
        try {
            Path out = Files.createTempFile("tunebench-smi", ".txt");
            try {
                // Output to a file, not a pipe: a chatty process can never block on a full pipe.
                p = new ProcessBuilder(exe.get().toString(), SMI_QUERY, "--format=csv,noheader,nounits")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(SMI_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    return new SmiResult(Optional.empty(), "did not answer within " + SMI_TIMEOUT_MS / 1000 + " s");
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                return p.exitValue() == 0 ? new SmiResult(Optional.of(text), "")
                        : new SmiResult(Optional.empty(), "exit " + p.exitValue() + ": " + abbreviate(text.strip()));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new SmiResult(Optional.empty(), "could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SmiResult(Optional.empty(), "interrupted");
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    static Optional<Path> onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, exe);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readQuietly(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
