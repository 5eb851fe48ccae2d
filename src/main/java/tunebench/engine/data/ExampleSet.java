package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A dataset file's records read as {@link Example}s in one format: what validation, conversion,
 * dedup and statistics work on. Records that cannot be read are problems with their line; the
 * rest load. A record of another format than the file's is a mixed-format problem naming it.
 *
 * @param format  the format the records were read in; null when no record fits any
 * @param records how many records (or, for OpenAssistant, messages) the file holds
 * @param note    how the format was chosen when it was not clear-cut ("412 records look like
 *                Alpaca, 3 like ShareGPT"), or what an OpenAssistant file left out; empty when
 *                there is nothing to say
 */
public record ExampleSet(DataFormat format, List<Example> examples, List<DataProblem> problems,
        int records, String note) {

    public ExampleSet {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
        note = note == null ? "" : note;
    }

    /**
     * Records as training reads them, with no file behind them (the rows of an editor): in
     * {@code format}, or detected when it is null.
     */
    public static ExampleSet of(List<DatasetRecord> records, DataFormat format) {
        DatasetDocument doc = new DatasetDocument(Path.of("records.jsonl"), DatasetLayout.JSON_LINES,
                JsonStyle.COMPACT_LINES, records);
        return read(doc, Optional.ofNullable(format));
    }

    /** The records in the format most of them are written in (see {@link FormatDetection}). */
    public static ExampleSet read(DatasetDocument doc) {
        return read(doc, Optional.empty());
    }

    /** The records read as {@code format}, or in the detected format when it is empty. */
    public static ExampleSet read(DatasetDocument doc, Optional<DataFormat> format) {
        FormatDetection detection = format.map(FormatDetection::forced).orElseGet(doc::detection);
        DataFormat f = detection.format().orElse(null);
        List<Example> examples = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        List<OasstTrees.Line> messages = new ArrayList<>();
        for (DatasetRecord r : doc.records()) {
            if (r.isRaw()) {
                problems.add(new DataProblem(r.line(), DataProblem.MALFORMED_JSON, r.error()));
                continue;
            }
            try {
                if (f == DataFormat.OASST) {
                    admit(r.node(), f, r.line());
                    messages.add(new OasstTrees.Line(r.node(), r.line()));
                } else {
                    examples.add(readOne(r.node(), f, r.line()));
                }
            } catch (DataFormat.Rejected e) {
                problems.add(e.at(r.line()));
            }
        }
        String note = detection.format().isEmpty() && !doc.records().isEmpty()
                ? "No record is in a known format: " + FormatDetection.expected() + "." : detection.note();
        if (f == DataFormat.OASST) {
            OasstTrees.Result trees = OasstTrees.read(messages);
            examples.addAll(trees.examples());
            problems.addAll(trees.problems());
            note = (note + " " + trees.note()).strip();
        }
        problems.sort(Comparator.comparingInt(DataProblem::line));
        return new ExampleSet(f, examples, problems, doc.records().size(), note);
    }

    /**
     * Why one record cannot be used in a file of {@code format}, or empty when it can: the check
     * {@link #read} makes, for a record being edited. OpenAssistant links are checked per file.
     */
    static Optional<DataProblem> check(JsonNode record, Optional<DataFormat> format, int line) {
        try {
            if (format.isPresent() && format.get() == DataFormat.OASST) {
                admit(record, DataFormat.OASST, line);
                return OasstTrees.check(record, line);
            }
            readOne(record, format.orElse(null), line);
            return Optional.empty();
        } catch (DataFormat.Rejected e) {
            return Optional.of(e.at(line));
        }
    }

    /** One record of a file in {@code f} (null: no record fits a format) as an example. */
    static Example readOne(JsonNode record, DataFormat f, int line) {
        admit(record, f, line);
        return f.read(record, line);
    }

    /** Throws when the record belongs to another format or fits none. */
    private static void admit(JsonNode record, DataFormat f, int line) {
        if (f == null) {
            throw new DataFormat.Rejected(DataProblem.MISSING_FIELD,
                    "no known format: " + FormatDetection.expected());
        }
        Optional<DataProblem> foreign = FormatDetection.foreign(record, f, line);
        if (foreign.isPresent()) {
            throw new DataFormat.Rejected(DataProblem.MIXED_FORMAT, foreign.get().message());
        }
        if (record.isObject() && FormatDetection.best(record).isEmpty()) {
            List<String> found = new ArrayList<>();
            record.fieldNames().forEachRemaining(found::add);
            throw new DataFormat.Rejected(DataProblem.MISSING_FIELD, "no " + f.displayName()
                    + " field (expected " + f.keys().stream().limit(3).map(k -> "'" + k + "'")
                            .collect(Collectors.joining(", "))
                    + (found.isEmpty() ? "; the record is empty)" : "; found " + found.stream()
                            .map(k -> "'" + k + "'").collect(Collectors.joining(", ")) + ")"));
        }
    }
}
