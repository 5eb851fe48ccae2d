package tunebench.app.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tunebench.engine.train.MetricsHistory;

/**
 * A run folder under {@code runs/} as the Past runs list shows it: its name, when it last
 * logged, how far it got and its last training loss.
 *
 * @param problems lines of its metrics.jsonl that could not be read
 */
record PastRun(String name, Path dir, Instant modified, int steps, double finalLoss,
        int evals, int problems) {

    /**
     * Every folder of {@code runsDir} with a metrics.jsonl, newest first; empty when the
     * folder does not exist yet. A run whose file cannot be read at all is left out rather
     * than hiding the others. Reads the disk: call it off the FX thread.
     */
    static List<PastRun> scan(Path runsDir) throws IOException {
        List<PastRun> out = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runsDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                Path file = dir.resolve("metrics.jsonl");
                if (Files.isRegularFile(file)) {
                    try {
                        out.add(of(dir, MetricsHistory.read(file),
                                Files.getLastModifiedTime(file).toInstant()));
                    } catch (IOException e) {
                        // unreadable (permissions, removed meanwhile): the list just lacks it
                    }
                }
            }
        }
        out.sort(Comparator.comparing(PastRun::modified).reversed().thenComparing(PastRun::name));
        return out;
    }

    static PastRun of(Path dir, MetricsHistory h, Instant modified) {
        return new PastRun(dir.getFileName().toString(), dir.toAbsolutePath().normalize(), modified,
                h.lastStep(), h.finalLoss(), h.evals().size(), h.problems().size());
    }
}
