package tunebench.app.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tunebench.engine.io.AtomicFiles;

/**
 * Blind-mode choices as DPO training data: one JSON line per pair,
 * {@code {"prompt": ..., "chosen": ..., "rejected": ...}}, the format of
 * sample-data/preferences.jsonl and what TRL's DPOTrainer reads. Each save rewrites the whole
 * file through {@link AtomicFiles}, old lines then new ones, so a crash never leaves half a line.
 */
public final class PreferenceFile {

    /** One preference pair. */
    public record Pair(String prompt, String chosen, String rejected) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private PreferenceFile() {}

    /** Adds the pairs after the lines the file already holds (none when it is new). */
    public static void append(Path file, List<Pair> pairs) throws IOException {
        StringBuilder text = new StringBuilder();
        if (Files.isRegularFile(file)) {
            text.append(Files.readString(file, StandardCharsets.UTF_8));
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n'); // a file edited by hand may lack its last newline
            }
        }
        for (Pair p : pairs) {
            text.append(line(p)).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    static String line(Pair p) throws JsonProcessingException {
        ObjectNode o = JSON.createObjectNode();
        o.put("prompt", p.prompt());
        o.put("chosen", p.chosen());
        o.put("rejected", p.rejected());
        return JSON.writeValueAsString(o);
    }
}
