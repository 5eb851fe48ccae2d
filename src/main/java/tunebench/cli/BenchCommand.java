package tunebench.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.ComputeDtype;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.engine.train.LoraBenchmark;

/**
 * {@code bench}: forward and generation throughput on this machine, printed as one JSON line
 * (docs/bench/run.sh puts it beside PyTorch eager doing the same work).
 */
@Command(mixinStandardHelpOptions = true, name = "bench", description = "Measure speed on this machine: forward, generate,"
        + " generate-nocache, lora (LoRA SFT training) or qlora (the same on an NF4 base)."
        + " Prints a JSON line, then tokens_per_s=N.")
final class BenchCommand implements Callable<Integer> {

    /** The benchmark's Llama shape: vocab 512, hidden 256, intermediate 688, 4 layers, 8 heads. */
    static final String BENCH_CONFIG = "/tunebench/bench/llama-bench-config.json";

    @Parameters(index = "0", arity = "0..1", defaultValue = "forward", paramLabel = "WHAT",
            description = "forward, generate, generate-nocache, lora or qlora."
                    + " Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder; default: a random model of the benchmark shape.")
    Path model;

    @Option(names = "--keep-model", paramLabel = "DIR",
            description = "Write the random benchmark model here (to reuse it, e.g. from PyTorch).")
    Path keepModel;

    @Option(names = "--batch", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seq", defaultValue = "128", description = "Forward sequence or prompt length. Default: ${DEFAULT-VALUE}.")
    int seq;

    @Option(names = "--new-tokens", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
    int newTokens;

    @Option(names = "--iters", defaultValue = "10", description = "Timed repetitions. Default: ${DEFAULT-VALUE}.")
    int iters;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed repetitions first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random token ids. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--quantize", paramLabel = "TYPE", description = QuantizeOption.DESCRIPTION
            + " qlora implies nf4.")
    String quantize;

    @Option(names = "--save-io", paramLabel = "FILE",
            description = "Also write the input ids and logits (forward) or new ids (generate) as safetensors.")
    Path saveIo;

    @Option(names = "--gradient-checkpointing", description = "lora and qlora: keep only each"
            + " decoder layer's input and recompute the layer in backward (less memory, more time).")
    boolean gradientCheckpointing;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("forward", "generate", "generate-nocache", "lora", "qlora").contains(mode)) {
            throw new IllegalArgumentException("bench takes forward, generate,"
                    + " generate-nocache, lora or qlora, not '" + mode + "'");
        }
        deviceOption.dtype(deviceOption.pick()); // a bad --device or --dtype fails before any work
        Path dir = model != null ? model : benchModel();
        String quant = "qlora".equals(mode) && quantize == null ? "nf4" : quantize;
        try (LoadedModel lm = deviceOption.load(dir, quant)) {
            long[][] ids = randomIds(lm.config().vocabSize());
            ObjectNode result = switch (mode) {
                case "forward" -> forward(lm, ids);
                case "generate" -> generate(lm, ids, true);
                case "generate-nocache" -> generate(lm, ids, false);
                default -> lora(lm, ids, mode);
            };
            result.put("engine", "tunebench-djl");
            ai.djl.Device on = lm.model().manager().getDevice();
            result.put("device", on.isGpu() ? "gpu:" + on.getDeviceId() : "cpu");
            result.put("dtype", ComputeDtype.nameOf(lm.model().computeType()));
            result.put("threads", Integer.getInteger("ai.djl.pytorch.num_threads",
                    Runtime.getRuntime().availableProcessors()));
            if (quant != null) {
                result.put("quantize", quant);
                result.put("nf4_linear_bytes", lm.model().quantizedFootprint().totalBytes());
            }
            peakResidentMb().ifPresent(mb -> result.put("peak_rss_mb", mb));
            var out = spec.commandLine().getOut();
            out.println(new ObjectMapper().writeValueAsString(result));
            out.printf("tokens_per_s=%.0f%n", result.get("tokens_per_s").asDouble());
        } finally {
            if (model == null && keepModel == null) {
                tunebench.engine.io.Folders.deleteTree(dir);
            }
        }
        return 0;
    }

    /** A random model of the benchmark shape, written to --keep-model or a temp folder. */
    private Path benchModel() throws java.io.IOException {
        Path dir = keepModel != null ? keepModel : java.nio.file.Files.createTempDirectory("tunebench-bench");
        try (var in = BenchCommand.class.getResourceAsStream(BENCH_CONFIG)) {
            tunebench.engine.model.CheckpointInitializer.writeRandom(dir, new ObjectMapper().readTree(in), 1);
        }
        return dir;
    }


    /** Token ids from a seeded generator, avoiding id 0 (often padding). */
    private long[][] randomIds(int vocab) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] ids = new long[batch][seq];
        for (long[] row : ids) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 1 + r.nextInt(vocab - 1);
            }
        }
        return ids;
    }

    private ObjectNode forward(LoadedModel lm, long[][] ids) throws java.io.IOException {
        double[] seconds = new double[iters];
        try (NDManager m = lm.model().manager().newSubManager()) {
            NDArray input = m.create(ids);
            for (int i = 0; i < warmup + iters; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    long t0 = System.nanoTime();
                    NDArray logits = lm.model().forward(input, null, null, null, false);
                    float[] host = logits.toFloatArray(); // forces the computation to finish
                    if (i >= warmup) {
                        seconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
                    }
                    if (i == 0 && saveIo != null) {
                        SafetensorsWriter.write(saveIo, Map.of("format", "pt"), List.of(
                                TensorSource.of("input_ids", input),
                                TensorSource.of("logits", m.create(host, logits.getShape()))));
                    }
                }
            }
        }
        return report("forward", (double) batch * seq, seconds);
    }

    private ObjectNode generate(LoadedModel lm, long[][] ids, boolean cache) throws java.io.IOException {
        Generator g = new Generator(lm.model(), null, lm.padTokenId());
        GenerationSpec s = GenerationSpec.greedy(newTokens); // no eos: always newTokens tokens
        List<long[]> prompts = java.util.Arrays.asList(ids);
        double[] seconds = new double[iters];
        long[] produced = null;
        for (int i = 0; i < warmup + iters; i++) {
            long t0 = System.nanoTime();
            var out = cache ? g.generate(prompts, s, GenerationListener.NONE)
                    : g.generateWithoutCache(prompts, s);
            if (i >= warmup) {
                seconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
            }
            produced = out.get(0).ids();
        }
        if (saveIo != null) {
            try (NDManager m = lm.model().manager().newSubManager()) {
                SafetensorsWriter.write(saveIo, Map.of("format", "pt"), List.of(
                        TensorSource.of("prompt_ids", m.create(ids)),
                        TensorSource.of("new_ids", m.create(produced))));
            }
        }
        return report(cache ? "generate" : "generate-nocache", (double) batch * newTokens, seconds);
    }

    /**
     * The process's peak resident memory (Linux VmHWM): loading, the runs and the JVM, so
     * compare runs of one mode each.
     */
    private static java.util.Optional<Long> peakResidentMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return java.util.Optional.of(kb / 1024);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the key is left out
        }
        return java.util.Optional.empty();
    }

    private ObjectNode lora(LoadedModel lm, long[][] ids, String what) throws java.io.IOException {
        LoraBenchmark.Result r = LoraBenchmark.run(lm, ids, warmup, iters, gradientCheckpointing);
        if (saveIo != null) {
            try (NDManager m = lm.model().manager().newSubManager()) {
                SafetensorsWriter.write(saveIo, Map.of("format", "pt"),
                        List.of(TensorSource.of("input_ids", m.create(ids))));
            }
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("mode", what);
        o.put("batch", r.batch());
        o.put("seq", r.seq());
        o.put("r", 8);
        o.put("gradient_checkpointing", gradientCheckpointing);
        o.put("trainable_parameters", r.trainableParameters());
        o.put("iters", r.steps());
        o.put("median_step_s", r.medianStepS());
        o.put("first_loss", r.firstLoss());
        o.put("tokens_per_s", r.tokensPerS());
        return o;
    }

    private ObjectNode report(String what, double tokensPerIter, double[] seconds) {
        double[] sorted = seconds.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("mode", what);
        o.put("batch", batch);
        o.put("seq", seq);
        if (!"forward".equals(what)) {
            o.put("new_tokens", newTokens);
        }
        o.put("iters", iters);
        o.put("median_s", median);
        o.put("min_s", sorted[0]);
        o.put("tokens_per_s", tokensPerIter / median);
        return o;
    }
}
