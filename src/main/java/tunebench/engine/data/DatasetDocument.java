package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A dataset file as the user edits it: its layout and style, and every record, including lines
 * that are not JSON. Validation is the check training makes ({@link ExampleSet}), record by
 * record, so the problems shown while editing are the ones a run would report.
 */
public record DatasetDocument(Path file, DatasetLayout layout, JsonStyle style,
        List<DatasetRecord> records) {

    public DatasetDocument {
        records = List.copyOf(records);
    }

    /** @see DatasetReader#read */
    public static DatasetDocument read(Path file) throws IOException {
        return DatasetReader.read(file);
    }

    /** A file read with a CSV column mapping (ignored for JSON files). */
    public static DatasetDocument read(Path file, CsvColumns columns) throws IOException {
        return DatasetReader.read(file, columns);
    }

    /** Writes the document to its file atomically; returns it as now saved (lines renumbered). */
    public DatasetDocument save() throws IOException {
        return DatasetWriter.write(this);
    }

    public DatasetDocument withRecords(List<DatasetRecord> newRecords) {
        return new DatasetDocument(file, layout, style, newRecords);
    }

    /**
     * The document to be saved as {@code target}: a .jsonl name makes JSON Lines, a .json name an
     * array, .csv / .tsv a table; in another layout every record is written afresh in that
     * layout's usual style.
     */
    public DatasetDocument as(Path target) {
        DatasetLayout wanted = DatasetLayout.forFile(target);
        boolean keep = wanted == layout || (layout == DatasetLayout.JSON_OBJECT
                && wanted == DatasetLayout.JSON_ARRAY);
        if (keep) {
            return new DatasetDocument(target, layout, style, records);
        }
        return new DatasetDocument(target, wanted, style.forLayout(wanted),
                records.stream().map(DatasetRecord::withoutSource).toList());
    }

    /** How the format was decided from all the records (majority, ties, mixed records). */
    public FormatDetection detection() {
        return FormatDetection.of(nodes(records.stream()));
    }

    /** The format most records are in; empty when none fits any. */
    public Optional<DataFormat> format() {
        return detection().format();
    }

    /** The format most of these records are in; an editor asks after every edit. */
    public static Optional<DataFormat> detectFormat(Stream<DatasetRecord> records) {
        return FormatDetection.of(nodes(records)).format();
    }

    /** Why training could not use this record of a file in {@code format}; empty when it can. */
    public static Optional<DataProblem> check(DatasetRecord record, Optional<DataFormat> format) {
        if (record.isRaw()) {
            return Optional.of(new DataProblem(record.line(), DataProblem.MALFORMED_JSON, record.error()));
        }
        return ExampleSet.check(record.node(), format, record.line());
    }

    /**
     * Every record's problem, in record order. In an OpenAssistant file the links between
     * messages count too (a missing parent, a prompt answering a prompt).
     */
    public List<RecordProblem> problems() {
        Optional<DataFormat> format = format();
        List<RecordProblem> problems = new ArrayList<>();
        if (format.isPresent() && format.get() == DataFormat.OASST) {
            Map<Integer, Integer> indexOfLine = new HashMap<>();
            for (int i = records.size() - 1; i >= 0; i--) {
                indexOfLine.put(records.get(i).line(), i);
            }
            for (DataProblem p : ExampleSet.read(this, format).problems()) {
                problems.add(new RecordProblem(indexOfLine.getOrDefault(p.line(), 0), p));
            }
            return problems;
        }
        for (int i = 0; i < records.size(); i++) {
            int index = i;
            check(records.get(i), format).ifPresent(p -> problems.add(new RecordProblem(index, p)));
        }
        return problems;
    }

    private static List<JsonNode> nodes(Stream<DatasetRecord> records) {
        return records.filter(r -> !r.isRaw()).map(DatasetRecord::node).toList();
    }
}
