package tunebench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.data.synth.SampleData;

/** {@code sample-data}: regenerates the sample datasets (deterministic: one seed, one set of files). */
@Command(mixinStandardHelpOptions = true, name = "sample-data",
        description = "Write the generated sample datasets (instructions, chat, preferences, a flawed file).")
final class SampleDataCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "sample-data", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SampleData.writeAll(out, seed);
        spec.commandLine().getErr().printf("Wrote the sample datasets to %s%n", out.toAbsolutePath().normalize());
        return 0;
    }
}
