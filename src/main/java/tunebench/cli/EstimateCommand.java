package tunebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.model.Architectures;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.memory.MemoryEstimate;
import tunebench.engine.train.memory.MemoryEstimator;
import tunebench.engine.train.memory.MemoryPlan;

/**
 * {@code estimate}: the device memory a run would take, part by part, from a config.json and
 * the run settings alone (no weight is read), and whether it fits a given device.
 */
@Command(mixinStandardHelpOptions = true, name = "estimate",
        description = {"Estimate the memory a fine-tuning run needs, from a config.json alone.",
            "Without --config the run is the default one (LoRA r 8 on every projection, batch 4,"
                    + " max_length 512); --set method=full|lora|qlora switches the method."})
final class EstimateCommand implements Callable<Integer> {

    private static final long GB = 1_000_000_000L;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "Model folder (its config.json is read).")
        Path model;

        @Option(names = "--hf-config", paramLabel = "FILE",
                description = "A Hugging Face config.json alone, for a model not downloaded.")
        Path hfConfig;
    }

    @Option(names = "--config", paramLabel = "RUN.json", description = "Run config (JSON); default: the default run.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a run key: --set method=qlora --set method.r=16 --set"
                    + " schedule.batch_size=1 --set data.max_length=2048"
                    + " --set model.gradient_checkpointing=true.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--device-gb", paramLabel = "GB", defaultValue = "24",
            description = "Device memory to judge against, in GB (10^9 bytes). Default: ${DEFAULT-VALUE}.")
    double deviceGb;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "bf16",
            description = {"Compute dtype of weights and activations: bf16 or fp16 (2 bytes, a GPU"
                    + " run, what published figures assume) or fp32 (4 bytes, what this CPU build"
                    + " trains in). Default: ${DEFAULT-VALUE}."})
    String dtype;

    @Option(names = "--json", description = "Print one JSON line: total_bytes, parts, device_bytes, fits.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int computeBytes = computeBytes(dtype);
        ModelConfig model = readModel();
        RunConfig run = RunConfigJson.applyOverrides(baseRun(), methodShorthand(sets));
        MemoryEstimate e = MemoryEstimator.estimate(MemoryPlan.from(model, run, computeBytes));
        long device = Math.round(deviceGb * GB);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(jsonLine(e, device));
        } else {
            new EstimateTable(out).print(model, run, dtype, e, device);
            if (computeBytes != 4) {
                MemoryEstimate cpu = MemoryEstimator.estimate(MemoryPlan.from(model,
                        run.withOptim(run.optim().withPaged(false)), 4));
                out.printf(Locale.ROOT, "On this CPU build (float32, all in RAM): %s%n",
                        MemoryEstimate.gb(cpu.totalBytes()));
            }
        }
        out.flush();
        return 0;
    }

    static int computeBytes(String dtype) {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> 4;
            case "fp16", "float16", "bf16", "bfloat16" -> 2;
            default -> throw new IllegalArgumentException("--dtype takes fp32, fp16 or bf16, not '"
                    + dtype + "'");
        };
    }

    private ModelConfig readModel() throws IOException {
        Path file = source.model != null ? source.model.resolve("config.json") : source.hfConfig;
        if (source.model != null) {
            if (!Files.isDirectory(source.model)) {
                throw new IOException("No model folder " + source.model);
            }
        } else if (!Files.isRegularFile(file)) {
            throw new IOException("No file " + file + ": --hf-config takes a config.json");
        }
        ModelConfig c = source.model != null ? ModelConfig.read(source.model)
                : readConfigFile(file);
        Architectures.check(c, file);
        return c;
    }

    private static ModelConfig readConfigFile(Path file) throws IOException {
        try {
            return ModelConfig.fromJson(new ObjectMapper().readTree(file.toFile()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private RunConfig baseRun() throws IOException {
        if (config == null) {
            return RunConfig.of("estimate", source.model == null ? null : source.model.toString(), null);
        }
        return RunConfigJson.read(config);
    }

    /** {@code method=qlora} is shorthand for {@code method.type=qlora}. */
    static List<String> methodShorthand(List<String> sets) {
        return sets.stream().map(s -> s.strip().startsWith("method=")
                ? "method.type=" + s.strip().substring("method=".length()) : s).toList();
    }

    static String jsonLine(MemoryEstimate e, long deviceBytes) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("total_bytes", e.totalBytes());
        ObjectNode parts = root.putObject("parts");
        for (Map.Entry<String, Long> p : e.parts().entrySet()) {
            parts.put(p.getKey(), p.getValue());
        }
        root.put("device_bytes", deviceBytes);
        root.put("fits", e.fits(deviceBytes));
        return root.toString();
    }
}
