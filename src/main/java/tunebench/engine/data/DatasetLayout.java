package tunebench.engine.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a dataset file holds its records: one JSON array, one JSON value per line, or a single
 * pretty-printed object. A save keeps the layout the file was read in.
 */
public enum DatasetLayout {
    JSON_ARRAY("JSON array"),
    JSON_LINES("JSON Lines"),
    /** A .json file of one object: one record (saved as an array once it holds more). */
    JSON_OBJECT("JSON object");

    private final String label;

    DatasetLayout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The layout a new file of this name gets: .jsonl and .ndjson are lines, else an array. */
    public static DatasetLayout forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSON_LINES : JSON_ARRAY;
    }
}
