package tunebench.engine.data.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tunebench.engine.io.AtomicFiles;

/**
 * The JSON side of the generators: one mapper, compact lines for JSONL and indented arrays for
 * .json. Callers pass ordered maps, so the key order in the files is fixed and reads naturally.
 */
final class SynthJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private SynthJson() {}

    /** An object with keys in the given order: key, value, key, value... (Map.of's order varies by run). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON value per line, '\n'-terminated, written atomically. */
    static void writeLines(Path file, List<?> values) throws IOException {
        AtomicFiles.writeStream(file, out -> {
            for (Object value : values) {
                out.write((line(value) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Raw lines (already JSON, or deliberately not), '\n'-terminated, written atomically. */
    static void writeRawLines(Path file, List<String> lines) throws IOException {
        AtomicFiles.writeStream(file, out -> {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
