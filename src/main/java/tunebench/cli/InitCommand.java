package tunebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.model.CheckpointInitializer;

/** {@code init}: a new checkpoint with random weights for a config.json (pre-training, benchmarks). */
@Command(mixinStandardHelpOptions = true, name = "init", description = "Write a randomly initialised checkpoint for a config.json.")
final class InitCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "A Hugging Face config.json.")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(config.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.IOException(config + " is not valid JSON: " + e.getMessage(), e);
        }
        CheckpointInitializer.writeRandom(out, json, seed);
        spec.commandLine().getErr().printf("Wrote a random checkpoint to %s%n", out.toAbsolutePath());
        return 0;
    }
}
