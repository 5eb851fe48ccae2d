package tunebench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.data.Counting;
import tunebench.engine.data.Conversion;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DatasetConverter;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetLayout;

/** {@code data convert}: the same examples in another format (and layout, by the output's extension). */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write a dataset in another format: alpaca, dolly, sharegpt, messages, oasst, preference, text. "
                + "The output's extension picks the layout: .json (array), .jsonl, .csv, .tsv.")
final class DataConvertCommand implements Callable<Integer> {

    @Mixin
    DataInput input;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "Target format.")
    String to;

    @Mixin
    DataOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        DataFormat target = DataFormat.forLabel(to).orElseThrow(() -> new IllegalArgumentException(
                "unknown format '" + to + "' (known: " + DataInput.labels() + ")"));
        // A table cannot hold turns: a chat format converted from a CSV goes beside it as JSON Lines.
        boolean table = DatasetLayout.forFile(input.file).isTable();
        Path out = output.target(input.file, target.label(), target.isConversation() && table ? ".jsonl" : null);
        DatasetDocument doc = input.read();
        input.examples(doc, spec.commandLine().getErr()); // prints how the format was chosen, if unclear
        Conversion conversion = DatasetConverter.convert(doc, input.forcedFormat(), target, out);
        DatasetDocument saved = conversion.document().save();
        w.println("Wrote " + Counting.of(saved.records().size(), "record") + " to " + out
                + " (" + target.label() + ", " + saved.layout().label() + ")");
        conversion.notes().forEach(n -> w.println("Note: " + n));
        if (!conversion.skipped().isEmpty()) {
            w.println("Left out " + Counting.of(conversion.skipped().size(), "record") + ":");
            conversion.skipped().forEach(s -> w.println("  line " + s.line() + ": " + s.reason()));
        }
        w.flush();
        return 0;
    }
}
