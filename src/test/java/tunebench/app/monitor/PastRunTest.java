package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Past runs list: which folders count as runs, in what order, described how. */
class PastRunTest {

    @TempDir
    Path tmp;

    @Test
    void noRunsFolderYetMeansAnEmptyList() throws Exception {
        assertTrue(PastRun.scan(tmp.resolve("runs")).isEmpty());
    }

    @Test
    void listsFoldersWithMetricsNewestFirst() throws Exception {
        Path runs = tmp.resolve("runs");
        write(runs.resolve("old"), Instant.parse("2025-01-02T10:00:00Z"),
                "{\"step\":1,\"loss\":3.0}\n{\"step\":2,\"loss\":2.5}\n");
        write(runs.resolve("new"), Instant.parse("2025-03-04T10:00:00Z"),
                "{\"step\":1,\"loss\":4.0}\n{\"step\":1,\"eval_loss\":3.9,\"eval_ppl\":49.4,\"probes\":[]}\n{oops\n");
        Files.createDirectories(runs.resolve("not-a-run"));
        Files.writeString(runs.resolve("stray.txt"), "hello");

        List<PastRun> found = PastRun.scan(runs);

        assertEquals(List.of("new", "old"), found.stream().map(PastRun::name).toList());
        PastRun newest = found.get(0);
        assertEquals(1, newest.steps());
        assertEquals(4.0, newest.finalLoss());
        assertEquals(1, newest.evals());
        assertEquals(1, newest.problems());
        assertTrue(newest.dir().isAbsolute());
        String meta = PastRunsPane.meta(newest);
        assertTrue(meta.endsWith(" · 1 step · final loss 4 · 1 evaluation · 1 unreadable line"), meta);
        assertTrue(PastRunsPane.meta(found.get(1)).endsWith("2 steps · final loss 2.5"), PastRunsPane.meta(found.get(1)));
    }

    private static void write(Path dir, Instant modified, String metrics) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, metrics);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
