package tunebench.engine.train.memory;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.StepMetrics;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.RunConfigJson;

/**
 * Runs a config in its own JVM and prints what training added to the resident set:
 * "baseline B peak P" in bytes. The baseline is taken with libtorch loaded but before the
 * model is; the peak is the kernel's high-water mark over steps 2..N only (reset after step
 * 1 by writing 5 to /proc/self/clear_refs), so loading's staging buffers and the end-of-run
 * checkpoint do not count. Start it with a fixed, pre-touched heap so the Java heap does not
 * move the numbers.
 */
public final class MemoryProbe {

    public static void main(String[] args) throws Exception {
        DjlRuntime.configure();
        try (NDManager m = DjlRuntime.newManager()) {
            m.ones(new Shape(64, 64)).matMul(m.ones(new Shape(64, 64))).sum().getFloat();
        }
        settle();
        long baseline = status("VmRSS:");
        var config = RunConfigJson.read(Path.of(args[0]));
        int last = config.schedule().maxSteps();
        TrainingRun.create(config).run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics s) {
                if (s.step() == 1) {
                    // Loading leaves direct buffers for the cleaner: free them first.
                    settle();
                    resetPeak();
                } else if (s.step() == last) {
                    // The final evaluation and checkpoint are not what is measured: skip them.
                    System.out.println("baseline " + baseline + " peak " + status("VmHWM:"));
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                }
            }
        });
        throw new IllegalStateException("the run ended before step " + last);
    }

    private static void settle() {
        System.gc();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak resident set", e);
        }
    }

    /** A /proc/self/status field in bytes. */
    static long status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith(field)).map(l -> l.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElseThrow() * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
