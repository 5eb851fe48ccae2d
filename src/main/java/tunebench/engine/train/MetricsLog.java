package tunebench.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tunebench.engine.io.AtomicFiles;

/**
 * {@code metrics.jsonl}: one JSON line per step and per evaluation, flushed as written so a
 * chart (or {@code tail -f}) sees it at once. It is the one file appended rather than replaced;
 * on resume it is rewritten atomically without the lines after the checkpoint.
 */
final class MetricsLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens the log, keeping only lines up to {@code keepThroughStep} (0 = start afresh). */
    static MetricsLog open(Path file, int keepThroughStep) throws IOException {
        List<String> kept = new ArrayList<>();
        if (keepThroughStep > 0 && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && JSON.readTree(line).path("step").asInt() <= keepThroughStep) {
                    kept.add(line);
                }
            }
        }
        AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND));
    }

    static ObjectNode line() {
        return JSON.createObjectNode();
    }

    void append(ObjectNode line) throws IOException {
        out.write(JSON.writeValueAsString(line));
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
