package tunebench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.data.Counting;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetFixes;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.Split;

/** {@code data split}: a seeded train / validation split, stratified by category when the examples have one. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Write a seeded train/validation split, stratified by category when the file has categories.")
final class DataSplitCommand implements Callable<Integer> {

    @Mixin
    DataInput input;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Share held out for validation (rounded up). Default: ${DEFAULT-VALUE}.")
    double fraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--train", paramLabel = "FILE", description = "Default: beside the input, NAME.train.EXT.")
    Path train;

    @Option(names = "--val", paramLabel = "FILE", description = "Default: beside the input, NAME.val.EXT.")
    Path val;

    @Option(names = "--force", description = "Allow writing over the input file.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Path trainFile = train != null ? train : DatasetFixes.sibling(input.file, "train");
        Path valFile = val != null ? val : DatasetFixes.sibling(input.file, "val");
        if (trainFile.toAbsolutePath().normalize().equals(valFile.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--train and --val are the same file: " + trainFile);
        }
        DatasetFixes.checkTarget(input.file, trainFile, force);
        DatasetFixes.checkTarget(input.file, valFile, force);
        DatasetDocument doc = input.read();
        ExampleSet set = input.examples(doc, spec.commandLine().getErr());
        Split<DatasetRecord> split = DatasetFixes.split(doc, set, fraction, seed);
        DatasetFixes.write(doc, split.train(), trainFile, force);
        DatasetFixes.write(doc, split.validation(), valFile, force);
        long categories = set.examples().stream().map(Example::category).filter(Objects::nonNull).distinct().count();
        String how = categories > 1 ? ", stratified by category (" + categories + " categories)" : "";
        w.println("Split " + Counting.of(doc.records().size(), "record") + " with seed " + seed + how);
        w.println("  train      " + String.format("%,8d", split.train().size()) + "  " + trainFile);
        w.println("  validation " + String.format("%,8d", split.validation().size()) + "  " + valFile);
        w.flush();
        return 0;
    }
}
