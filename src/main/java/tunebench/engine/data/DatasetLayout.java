package tunebench.engine.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a dataset file holds its records: one JSON array, one JSON value per line, a single
 * pretty-printed object, or a table with a header row (CSV, TSV). A save keeps the layout the
 * file was read in.
 */
public enum DatasetLayout {
    JSON_ARRAY("JSON array"),
    JSON_LINES("JSON Lines"),
    /** A .json file of one object: one record (saved as an array once it holds more). */
    JSON_OBJECT("JSON object"),
    /** Comma-separated values, a header row naming the columns (RFC 4180 quoting). */
    CSV("CSV"),
    /** Tab-separated values, quoted as pandas and Python's csv module quote them. */
    TSV("TSV");

    private final String label;

    DatasetLayout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether records are rows of text columns rather than JSON values. */
    public boolean isTable() {
        return this == CSV || this == TSV;
    }

    /** The character between a table's columns. */
    char separator() {
        return this == TSV ? '\t' : ',';
    }

    /**
     * The layout a file of this name gets: .jsonl and .ndjson are lines, .csv and .tsv (or .tab)
     * tables, anything else an array.
     */
    public static DatasetLayout forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return TSV;
        }
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSON_LINES : JSON_ARRAY;
    }
}
