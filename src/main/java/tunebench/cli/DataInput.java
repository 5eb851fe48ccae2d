package tunebench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tunebench.engine.data.CsvColumns;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.ExampleSet;

/** The dataset file a {@code data} subcommand reads, with the format and CSV columns to read it by. */
final class DataInput {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Dataset file: .json, .jsonl, .csv or .tsv.")
    Path file;

    @Option(names = "--format", paramLabel = "NAME",
            description = "Read the records as this format instead of detecting it: "
                    + "alpaca, dolly, sharegpt, messages, oasst, preference, text.")
    String format;

    @Option(names = "--columns", paramLabel = "FIELD=COLUMN,...",
            description = "CSV/TSV only: which column holds each field, e.g. instruction=question,output=answer.")
    String columns;

    DatasetDocument read() throws IOException {
        CsvColumns mapping = columns == null ? CsvColumns.NONE : CsvColumns.parse(columns);
        return DatasetDocument.read(file, mapping);
    }

    Optional<DataFormat> forcedFormat() {
        if (format == null) {
            return Optional.empty();
        }
        return Optional.of(DataFormat.forLabel(format).orElseThrow(() -> new IllegalArgumentException(
                "unknown format '" + format + "' (known: " + labels() + ")")));
    }

    /** The examples, and on stderr how the format was chosen when that was not clear-cut. */
    ExampleSet examples(DatasetDocument doc, PrintWriter err) {
        ExampleSet set = ExampleSet.read(doc, forcedFormat());
        if (!set.note().isBlank()) {
            err.println("Note: " + set.note());
            err.flush();
        }
        return set;
    }

    static String labels() {
        return String.join(", ", Arrays.stream(DataFormat.values()).map(DataFormat::label).toList());
    }
}
