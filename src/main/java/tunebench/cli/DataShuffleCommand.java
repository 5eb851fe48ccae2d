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
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetFixes;

/** {@code data shuffle}: the records in a seeded random order, each one's text kept. */
@Command(name = "shuffle", mixinStandardHelpOptions = true, description = "Write the records in a seeded random order.")
final class DataShuffleCommand implements Callable<Integer> {

    @Mixin
    DataInput input;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    DataOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Path target = output.target(input.file, "shuffled");
        DatasetDocument doc = input.read();
        DatasetFixes.write(doc, DatasetFixes.shuffled(doc, seed).records(), target, output.force);
        w.println("Shuffled " + Counting.of(doc.records().size(), "record") + " with seed " + seed
                + " into " + target);
        w.flush();
        return 0;
    }
}
