package tunebench.engine.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An SFT data file read into conversations: JSON array, JSON Lines or CSV, in any format of
 * {@link DataFormat} (detected from all its records, or given). It is read by the same
 * {@link DatasetReader} and {@link ExampleSet} the dataset editor uses, so a run reports exactly
 * the problems the editor shows. Broken records become {@link DataProblem}s with their line and
 * the rest loads; a preference file trains on its chosen replies.
 *
 * @param format "alpaca", "messages", "sharegpt", ..., or "unknown" when no record fits any
 */
public record SftDataset(List<Conversation> conversations, List<DataProblem> problems,
        String format) {

    public SftDataset {
        conversations = List.copyOf(conversations);
        problems = List.copyOf(problems);
    }

    /**
     * Reads a .json (array or one object), .jsonl or .csv file in its detected format.
     *
     * @throws IOException naming the file when it is missing, not UTF-8, or holds no JSON at all
     */
    public static SftDataset read(Path file) throws IOException {
        return read(file, Optional.empty(), CsvColumns.NONE);
    }

    /**
     * Reads the file in {@code format} (detected when empty), renaming a table's columns by
     * {@code columns}.
     *
     * @throws IOException naming the file when it is missing, not UTF-8, or holds no JSON at all
     */
    public static SftDataset read(Path file, Optional<DataFormat> format, CsvColumns columns)
            throws IOException {
        DatasetDocument doc = DatasetReader.read(file, columns);
        List<DatasetRecord> records = doc.records();
        if (!records.isEmpty() && records.stream().allMatch(DatasetRecord::isRaw)) {
            throw new IOException("Cannot read " + file + ": it is neither JSON nor JSON Lines (line "
                    + records.get(0).line() + ": " + records.get(0).error() + ")");
        }
        ExampleSet set = ExampleSet.read(doc, format);
        return new SftDataset(set.examples().stream().map(Example::conversation).toList(),
                set.problems(), set.format() == null ? DataFormat.UNKNOWN : set.format().label());
    }

    /** The format most records are in (see {@link FormatDetection}). */
    static Optional<DataFormat> detectFormat(Stream<JsonNode> records) {
        return FormatDetection.of(records.toList()).format();
    }

    /**
     * Why one record cannot be trained on when its file is read as {@code format}, or empty
     * when it can: the same check {@link #read} makes, for a record being edited.
     */
    static Optional<DataProblem> check(JsonNode record, Optional<DataFormat> format, int line) {
        return ExampleSet.check(record, format, line);
    }

    /** A JSON Lines line that is not one JSON value. */
    static DataProblem malformedLine(int line, JacksonException e) {
        return new DataProblem(line, DataProblem.MALFORMED_JSON,
                "not valid JSON: " + withoutSource(e.getOriginalMessage()));
    }

    /**
     * A parser message without Jackson's location note ("(start marker at [Source: REDACTED
     * ...; line: 1, column: 1])"): the line number already says where.
     */
    public static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "")
                .replaceAll("\\s*at \\[Source:.*$", "").strip();
    }
}
