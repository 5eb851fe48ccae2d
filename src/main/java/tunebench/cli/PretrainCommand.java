package tunebench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.train.pretrain.Pretraining;

/**
 * {@code pretrain}: makes a base model from nothing (generated corpus, trained tokenizer,
 * random initialisation, full-parameter training) next to its spec; resumes if interrupted.
 */
@Command(mixinStandardHelpOptions = true, name = "pretrain", description = "Pre-train a small base model from a pretrain.json spec.")
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The spec, e.g. assets/models/tunebench-tiny/pretrain.json.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path out = Pretraining.run(config, new TrainCommand.Progress(spec.commandLine().getErr()));
        spec.commandLine().getOut().printf("Wrote %s%n", out);
        return 0;
    }
}
