package tunebench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetFixes;
import tunebench.engine.data.DatasetValidator;
import tunebench.engine.data.Dedup;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.ValidationOptions;
import tunebench.engine.data.ValidationReport;

/** {@code data dedup}: the file without exact duplicates, and with {@code --near} one of each near-duplicate cluster. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = "Drop exact duplicates (whitespace and case ignored), keeping the first; with --near, "
                + "keep only the first of each near-duplicate cluster too.")
final class DataDedupCommand implements Callable<Integer> {

    @Mixin
    DataInput input;

    @Option(names = "--near", description = "Also drop near-duplicates (MinHash), keeping one per cluster.")
    boolean near;

    @Option(names = "--near-threshold", paramLabel = "J",
            description = "Similarity from which examples are near-duplicates. Default: "
                    + ValidationOptions.DEFAULT_NEAR_THRESHOLD + ".")
    Double nearThreshold;

    @Mixin
    DataOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Path target = output.target(input.file, "dedup");
        DatasetDocument doc = input.read();
        ExampleSet set = input.examples(doc, spec.commandLine().getErr());
        ValidationOptions options = ValidationOptions.defaults().withNearDuplicates(near);
        if (nearThreshold != null) {
            options = options.withNearThreshold(nearThreshold);
        }
        ValidationReport report = DatasetValidator.validate(set, options);
        Dedup dedup = Dedup.of(doc, report, true, near);
        DatasetFixes.write(doc, dedup.document().records(), target, output.force);
        w.println(dedup.summary());
        w.println("Wrote " + target);
        w.flush();
        return 0;
    }
}
