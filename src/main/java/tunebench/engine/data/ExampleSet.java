package tunebench.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dataset file's records read as {@link Example}s in one format: what validation, conversion,
 * dedup and statistics work on. Records that cannot be read are problems with their line; the
 * rest load.
 *
 * @param format  the format the records were read in; null when no record fits any
 * @param records how many records (or, for OpenAssistant, messages) the file holds
 * @param note    how the format was chosen when it was not clear-cut ("412 records look like
 *                Alpaca, 3 like ShareGPT"); empty when it was
 */
public record ExampleSet(DataFormat format, List<Example> examples, List<DataProblem> problems,
        int records, String note) {

    public ExampleSet {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
        note = note == null ? "" : note;
    }

    /** The records in the format they are written in (detected). */
    public static ExampleSet read(DatasetDocument doc) {
        return read(doc, doc.format());
    }

    /** The records read as {@code format}, or detected when empty. */
    public static ExampleSet read(DatasetDocument doc, Optional<DataFormat> format) {
        // TODO(formats helper): majority detection, mixed-format, Dolly, OASST, preference.
        Optional<DataFormat> f = format.isPresent() ? format : doc.format();
        List<Example> examples = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        for (DatasetRecord r : doc.records()) {
            if (r.isRaw()) {
                problems.add(new DataProblem(r.line(), DataProblem.MALFORMED_JSON, r.error()));
                continue;
            }
            try {
                examples.add(Example.of(f.orElseThrow().convert(r.node(), r.line())));
            } catch (DataFormat.Rejected e) {
                problems.add(e.at(r.line()));
            }
        }
        return new ExampleSet(f.orElse(null), examples, problems, doc.records().size(), "");
    }
}
