package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.optim.AdamW;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.testing.RandomCheckpoint;

/**
 * model.gradient_checkpointing and optim.paged through whole runs: the same losses as without,
 * the switches reach the model and the optimizer, and checkpointing lowers peak memory.
 */
class CheckpointingRunTest {

    @TempDir
    Path tmp;

    private RunConfig config(String name, String... sets) throws Exception {
        Path model = tmp.resolve("model");
        if (!Files.isDirectory(model)) {
            RandomCheckpoint.withTinyTokenizer(model, 5);
        }
        Path data = tmp.resolve("train.jsonl");
        if (!Files.exists(data)) {
            List<String> lines = new ArrayList<>();
            for (String color : new String[] {"red", "blue", "green", "gold"}) {
                for (String thing : new String[] {"sky", "sea", "leaf", "sun"}) {
                    lines.add(new ObjectMapper().createObjectNode().put("instruction", "Color of the " + thing + "?")
                            .put("input", "").put("output", "The " + thing + " is " + color + ".").toString());
                }
            }
            Files.write(data, lines);
        }
        List<String> all = new ArrayList<>(List.of("output_dir=" + tmp.resolve("runs").resolve(name),
                "schedule.batch_size=4", "optim.lr=5e-3", "schedule.warmup_ratio=0",
                "eval.every_steps=0", "checkpoint.every_steps=1000", "data.max_length=96",
                "model.chat_template=chatml"));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(RunConfig.of(name, model.toString(), data.toString()), all);
    }

    private static List<Double> losses(RunConfig config) throws IOException {
        List<Double> out = new ArrayList<>();
        TrainingRun.create(config).run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                out.add(m.loss());
            }
        });
        return out;
    }

    private static void assertSameLosses(List<Double> want, List<Double> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), 1e-5, "step " + (i + 1));
        }
    }

    @Test
    void checkpointedPagedLoraRunHasTheSameLosses() throws Exception {
        String[] common = {"schedule.max_steps=4", "schedule.gradient_accumulation=2"};
        List<Double> plain = losses(config("plain", common));
        RunConfig both = RunConfigJson.applyOverrides(config("both", common),
                List.of("model.gradient_checkpointing=true", "optim.paged=true"));
        List<Double> checkpointed = losses(both);
        assertSameLosses(plain, checkpointed);
        assertTrue(checkpointed.get(3) < checkpointed.get(0), "no learning: " + checkpointed);
        // the resolved config beside the run keeps both switches
        RunConfig written = RunConfigJson.read(Path.of(both.runDir()).resolve("config.json"));
        assertTrue(written.model().gradientCheckpointing());
        assertTrue(written.optim().paged());
    }

    @Test
    void checkpointedFullFineTuningHasTheSameLosses() throws Exception {
        String[] common = {"method.type=full", "schedule.max_steps=3", "optim.lr=2e-3"};
        List<Double> plain = losses(config("full-plain", common));
        List<Double> checkpointed = losses(RunConfigJson.applyOverrides(config("full-ckpt", common),
                List.of("model.gradient_checkpointing=true")));
        assertSameLosses(plain, checkpointed);
    }

    @Test
    void checkpointedPackedRunWithDropoutLearns() throws Exception {
        List<Double> l = losses(config("dropout", "model.gradient_checkpointing=true",
                "method.dropout=0.1", "data.packing=true", "schedule.batch_size=2",
                "schedule.max_steps=20"));
        double first = l.get(0);
        double last = l.subList(15, 20).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.8 * first, "checkpointed LoRA with dropout did not learn: " + l);
    }

    @Test
    void pagedSwitchReachesTheOptimizer() throws Exception {
        DjlRuntime.configure();
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray p = m.zeros(new ai.djl.ndarray.types.Shape(2));
            p.setRequiresGradient(true);
            RunConfig off = config("off");
            RunConfig on = RunConfigJson.applyOverrides(off, List.of("optim.paged=true"));
            try (AdamW a = TrainingRun.optimizer(off, Map.of("p", p));
                    AdamW b = TrainingRun.optimizer(on, Map.of("p", p))) {
                assertFalse(a.isPaged());
                assertTrue(b.isPaged());
            }
        }
    }

    /**
     * Peak resident memory of one LoRA step, in child JVMs with a fixed pre-touched heap, on a
     * model whose activations are mostly attention scores (8 heads, sequence 512): with
     * checkpointing only one layer's activations exist at a time instead of all eight.
     */
    @Test
    void checkpointingLowersPeakStepMemory() throws Exception {
        ObjectNode c = RandomCheckpoint.config("LlamaForCausalLM");
        c.put("vocab_size", 64);
        c.put("hidden_size", 64);
        c.put("intermediate_size", 128);
        c.put("num_hidden_layers", 8);
        c.put("num_attention_heads", 8);
        c.put("num_key_value_heads", 8);
        c.put("max_position_embeddings", 512);
        Path model = RandomCheckpoint.write(tmp.resolve("wide"), c, 3, 0);
        long plain = stepPeak(model, false);
        long checkpointed = stepPeak(model, true);
        System.out.printf("peak step memory above the loaded model: %d MB plain, %d MB with"
                + " gradient checkpointing%n", plain >> 20, checkpointed >> 20);
        assertTrue(checkpointed < 0.6 * plain, "checkpointing peak " + (checkpointed >> 20)
                + " MB is not clearly below " + (plain >> 20) + " MB");
    }

    private static long stepPeak(Path model, boolean checkpointing) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms192m", "-Xmx192m", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                StepPeakProbe.class.getName(), model.toString(), Boolean.toString(checkpointing))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String[] hwm = out.lines().filter(l -> l.startsWith("hwm ")).findFirst().orElseThrow().split(" ");
        return Long.parseLong(hwm[2]) - Long.parseLong(hwm[1]);
    }

    /** Loads a model, then prints the peak resident memory before and after one LoRA step. */
    public static final class StepPeakProbe {
        public static void main(String[] args) throws Exception {
            try (LoadedModel lm = ModelLoader.load(Path.of(args[0]))) {
                long[][] ids = new long[4][512];
                for (int r = 0; r < ids.length; r++) {
                    for (int t = 0; t < ids[r].length; t++) {
                        ids[r][t] = 1 + (r * 31 + t * 7) % 63;
                    }
                }
                long before = hwm();
                LoraBenchmark.run(lm, ids, 0, 1, Boolean.parseBoolean(args[1]));
                System.out.println("hwm " + before + " " + hwm());
            }
        }

        static long hwm() throws IOException {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElseThrow() * 1024;
        }
    }
}
