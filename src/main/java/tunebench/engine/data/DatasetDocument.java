package tunebench.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A dataset file as the user edits it: its layout and style, and every record, including lines
 * that are not JSON. Validation is the check training makes ({@link SftDataset}), record by
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

    /** Writes the document to its file atomically; returns it as now saved (lines renumbered). */
    public DatasetDocument save() throws IOException {
        return DatasetWriter.write(this);
    }

    public DatasetDocument withRecords(List<DatasetRecord> newRecords) {
        return new DatasetDocument(file, layout, style, newRecords);
    }

    /**
     * The document to be saved as {@code target}: a .jsonl name makes JSON Lines, a .json name an
     * array; in another layout every record is written afresh in that layout's usual style.
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

    /** The format the records are in: the first that any record fits, as training reads it. */
    public Optional<DataFormat> format() {
        return detectFormat(records.stream());
    }

    /** Lazily: usually the first record decides, so an editor can ask after every keystroke. */
    public static Optional<DataFormat> detectFormat(Stream<DatasetRecord> records) {
        return SftDataset.detectFormat(records.filter(r -> !r.isRaw()).map(DatasetRecord::node));
    }

    /** Why training could not use this record of a file in {@code format}; empty when it can. */
    public static Optional<DataProblem> check(DatasetRecord record, Optional<DataFormat> format) {
        if (record.isRaw()) {
            return Optional.of(new DataProblem(record.line(), DataProblem.MALFORMED_JSON, record.error()));
        }
        return SftDataset.check(record.node(), format, record.line());
    }

    /** Every record's problem, in record order. */
    public List<RecordProblem> problems() {
        Optional<DataFormat> format = format();
        List<RecordProblem> problems = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            int index = i;
            check(records.get(i), format).ifPresent(p -> problems.add(new RecordProblem(index, p)));
        }
        return problems;
    }
}
