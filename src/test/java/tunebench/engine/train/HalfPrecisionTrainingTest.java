package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.optim.LossScaler;
import tunebench.testing.Fixtures;
import tunebench.testing.RandomCheckpoint;

/**
 * Training with an FP16 base (on the CPU, the code a GPU runs): LoRA gradients against the
 * FP32 base and PEFT, the loss scaler inside real runs with an injected overflow, resume
 * with the scaler's state, QLoRA with FP16 dequantization, and which methods may use FP16.
 */
class HalfPrecisionTrainingTest {

    @TempDir
    Path tmp;

    private static long[][] matrix(JsonNode n) {
        long[][] out = new long[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(n.get(i));
        }
        return out;
    }

    /** d(loss)/d(LoRA) over the fixture's SFT batch, scaled by {@code scale} and unscaled again. */
    private static Map<String, float[]> loraGradients(LoadedModel lm, double scale) throws Exception {
        JsonNode sft = Fixtures.json(Fixtures.tinyLlama().resolve("sft.json"));
        LoraAdapter adapter = PeftAdapterReader.read(lm.model(), "default",
                Fixtures.tinyLlama().resolve("adapter"));
        try (NDManager m = lm.model().manager().newSubManager()) {
            adapter.activate(true);
            Map<String, NDArray> params = adapter.parametersByModuleName();
            params.values().forEach(p -> p.setRequiresGradient(true));
            long[][] labels = matrix(sft.get("labels"));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = lm.model().forward(m.create(matrix(sft.get("input_ids"))),
                        m.create(matrix(sft.get("attention_mask"))), null, null, false);
                NDArray loss = CausalLmLoss.sum(logits, m.create(labels))
                        .div((float) CausalLmLoss.countedTokens(labels));
                assertEquals(DataType.FLOAT32, loss.getDataType());
                gc.backward(new LossScaler(new LossScaler.Spec(scale, 2, 0.5, 2000, 1)).scale(loss));
            }
            LossScaler unscaler = new LossScaler(new LossScaler.Spec(scale, 2, 0.5, 2000, 1));
            assertTrue(unscaler.unscale(params.values()));
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            params.forEach((name, p) -> {
                assertEquals(DataType.FLOAT32, p.getGradient().getDataType(), name);
                out.put(name, p.getGradient().toFloatArray());
            });
            return out;
        } finally {
            adapter.close();
        }
    }

    /**
     * Measured: the FP16 base's LoRA gradients (loss scale 2^16, unscaled) differ from the FP32
     * base's by at most 8.4e-5 where gradients reach 8.7e-2, about 1e-3 of the largest: FP16
     * activations and their gradients carry ~5e-4 relative error per rounding. The bound is
     * 1e-2 of the largest gradient, ten times the measurement.
     */
    @Test
    void fp16LoraGradientsFollowTheFp32Base() throws Exception {
        Map<String, float[]> g32;
        Map<String, float[]> g16;
        try (LoadedModel f32 = ModelLoader.load(Fixtures.tinyLlama())) {
            g32 = loraGradients(f32, 1);
        }
        try (LoadedModel f16 = ModelLoader.load(Fixtures.tinyLlama(), Device.cpu(), DataType.FLOAT16)) {
            g16 = loraGradients(f16, 65536);
        }
        float worst = 0;
        float largest = 0;
        try (SafetensorsReader peft = SafetensorsReader.open(
                Fixtures.tinyLlama().resolve("sft_lora_grads.safetensors"));
                NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            float vsPeft = 0;
            for (String name : g32.keySet()) {
                worst = Math.max(worst, Fixtures.maxAbsDiff(g32.get(name), g16.get(name)));
                for (float v : g32.get(name)) {
                    largest = Math.max(largest, Math.abs(v));
                }
                vsPeft = Math.max(vsPeft, Fixtures.maxAbsDiff(peft.read(name, m).toFloatArray(), g16.get(name)));
            }
            System.out.printf("LoRA grads, fp16 base vs fp32 base: max abs diff %.3g (largest grad %.3g);"
                    + " vs PEFT fp32: %.3g%n", worst, largest, vsPeft);
        }
        assertTrue(worst > 0, "the FP16 base computed nothing in FP16");
        assertTrue(worst < 1e-2 * largest, "LoRA gradients over FP16 differ by " + worst
                + " with gradients up to " + largest);
    }

    // ---- runs ----

    private Path model;

    private Path model() throws Exception {
        if (model == null) {
            model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        }
        return model;
    }

    private Path data() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String color : new String[] {"red", "blue", "green", "gold"}) {
            for (String thing : new String[] {"sky", "sea"}) {
                lines.add(new ObjectMapper().createObjectNode().put("instruction", "Color of the " + thing + "?")
                        .put("input", "").put("output", "The " + thing + " is " + color + ".").toString());
            }
        }
        Path file = tmp.resolve("train.jsonl");
        Files.write(file, lines);
        return file;
    }

    private RunConfig config(String name, String... sets) throws Exception {
        List<String> all = new ArrayList<>(List.of("output_dir=" + tmp.resolve("runs").resolve(name),
                "schedule.batch_size=4", "optim.lr=5e-3", "schedule.warmup_ratio=0",
                "eval.every_steps=0", "checkpoint.every_steps=1", "checkpoint.keep_last=20",
                "data.max_length=64", "model.chat_template=chatml", "model.dtype=float16"));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(RunConfig.of(name, model().toString(), data().toString()), all);
    }

    /** A recipe that passes everything to another; tests override what they watch or change. */
    static class Delegate implements Recipe {
        private final Recipe inner;

        Delegate(Recipe inner) {
            this.inner = inner;
        }

        @Override
        public StepResult step(NDManager work, long firstMicro, int count, double lossScale) {
            return inner.step(work, firstMicro, count, lossScale);
        }

        @Override public int batchesPerEpoch() { return inner.batchesPerEpoch(); }
        @Override public EvalResult evaluate(NDManager work) { return inner.evaluate(work); }
        @Override public DataSummary summary() { return inner.summary(); }
        @Override public void close() { inner.close(); }
    }

    /** Multiplies the loss scale of step {@code at} (1-based) by 1e38: the scaled loss overflows. */
    static Recipe overflowAt(Recipe inner, int at, int accumulation) {
        return new Delegate(inner) {
            @Override
            public StepResult step(NDManager work, long firstMicro, int count, double lossScale) {
                boolean inject = firstMicro / accumulation == at - 1;
                return super.step(work, firstMicro, count, inject ? lossScale * 1e38 : lossScale);
            }
        };
    }

    private static class Seen implements RunListener {
        final List<StepMetrics> steps = new ArrayList<>();
        final List<String> skips = new ArrayList<>();

        @Override
        public void stepCompleted(StepMetrics m) {
            steps.add(m);
        }

        @Override
        public void stepSkipped(int step, String note, double lossScale) {
            skips.add(step + ": " + note);
        }
    }

    private static byte[] bytes(Path file) throws Exception {
        return Files.readAllBytes(file);
    }

    @Test
    void injectedOverflowSkipsTheStepHalvesTheScaleAndLeavesWeightsAndMomentsAlone() throws Exception {
        RunConfig config = config("overflow", "schedule.max_steps=4");
        Seen seen = new Seen();
        TrainingRun.create(config).withRecipeHook(r -> overflowAt(r, 2, 1)).run(seen);
        assertEquals(List.of("2: skipped step: gradient overflow, loss scale now 32768"), seen.skips);
        assertEquals(4, seen.steps.size());
        assertEquals(65536.0, seen.steps.get(0).extra("loss_scale"));
        assertEquals(65536.0, seen.steps.get(1).extra("loss_scale"));
        assertEquals(1.0, seen.steps.get(1).extra("skipped"));
        assertEquals(32768.0, seen.steps.get(2).extra("loss_scale"));
        Path ckpts = Path.of(config.runDir()).resolve("checkpoints");
        // step 2 was skipped: the adapter and AdamW's moments and step count are step 1's
        Path adapter1 = ckpts.resolve("step-1").resolve("adapter").resolve("adapter_model.safetensors");
        Path adapter2 = ckpts.resolve("step-2").resolve("adapter").resolve("adapter_model.safetensors");
        assertArrayEquals(bytes(adapter1), bytes(adapter2));
        assertArrayEquals(bytes(ckpts.resolve("step-1").resolve("optimizer.safetensors")),
                bytes(ckpts.resolve("step-2").resolve("optimizer.safetensors")));
        Path adapter3 = ckpts.resolve("step-3").resolve("adapter").resolve("adapter_model.safetensors");
        assertTrue(!java.util.Arrays.equals(bytes(adapter2), bytes(adapter3)), "step 3 trained again");
        JsonNode state = new ObjectMapper().readTree(ckpts.resolve("step-2").resolve("trainer_state.json").toFile());
        assertEquals(32768.0, state.path(Loop.SCALER_KEY).path("scale").asDouble());
        assertEquals(1, state.path(Loop.SCALER_KEY).path("skipped_steps").asInt());
        List<String> lines = Files.readAllLines(Path.of(config.runDir()).resolve("metrics.jsonl"));
        assertEquals(32768.0, new ObjectMapper().readTree(lines.get(2)).path("loss_scale").asDouble());
        // the adapter itself stays FP32 over the FP16 base
        try (SafetensorsReader in = SafetensorsReader.open(adapter3)) {
            for (String name : in.names()) {
                assertEquals("F32", in.entry(name).dtype().fileName(), name);
            }
        }
    }

    @Test
    void resumedFp16RunMatchesUninterruptedWithTheScalerState() throws Exception {
        Seen straight = new Seen();
        TrainingRun.create(config("straight", "schedule.max_steps=6"))
                .withRecipeHook(r -> overflowAt(r, 2, 1)).run(straight);

        RunConfig interrupted = config("interrupted", "schedule.max_steps=6");
        TrainingRun first = TrainingRun.create(interrupted).withRecipeHook(r -> overflowAt(r, 2, 1));
        Seen before = new Seen() {
            @Override
            public void stepCompleted(StepMetrics m) {
                super.stepCompleted(m);
                if (m.step() == 4) {
                    first.control().stop();
                }
            }
        };
        first.run(before);
        assertEquals(4, before.steps.size());
        Seen after = new Seen();
        TrainingRun.resume(Path.of(interrupted.runDir())).run(after);
        List<StepMetrics> combined = new ArrayList<>(before.steps);
        combined.addAll(after.steps);
        assertEquals(straight.steps.size(), combined.size());
        for (int i = 0; i < combined.size(); i++) {
            assertEquals(straight.steps.get(i).loss(), combined.get(i).loss(), 1e-6, "step " + (i + 1));
            assertEquals(straight.steps.get(i).extra("loss_scale"), combined.get(i).extra("loss_scale"),
                    "step " + (i + 1));
        }
        assertEquals(32768.0, after.steps.get(0).extra("loss_scale"), "the halved scale survived resume");
        assertArrayEquals(
                bytes(Path.of(config("straight").runDir()).resolve("adapter").resolve("adapter_model.safetensors")),
                bytes(Path.of(interrupted.runDir()).resolve("adapter").resolve("adapter_model.safetensors")));
    }

    @Test
    void qloraTrainsOverAnNf4BaseDequantizedToFp16() throws Exception {
        Seen seen = new Seen();
        TrainingRun.create(config("qlora", "method.type=qlora", "schedule.max_steps=2",
                "checkpoint.every_steps=0")).run(seen);
        assertEquals(2, seen.steps.size());
        for (StepMetrics m : seen.steps) {
            assertTrue(Double.isFinite(m.loss()) && Double.isFinite(m.gradNorm()), m.toString());
            assertEquals(65536.0, m.extra("loss_scale"));
        }
    }

    @Test
    void fullFineTuningTakesFp16WhenAskedAndStaysFp32UnderAutoOnTheCpu() throws Exception {
        assertEquals(DataType.FLOAT16, RunDevice.of(config("lora16")).dtype());
        assertEquals(DataType.FLOAT32, RunDevice.of(config("lora-auto", "model.dtype=auto")).dtype());
        assertEquals(DataType.FLOAT32, RunDevice.of(config("full-auto", "method.type=full",
                "model.dtype=auto")).dtype());
        RunDevice full16 = RunDevice.of(config("full16", "method.type=full"));
        assertEquals(DataType.FLOAT16, full16.dtype());
        assertEquals(65536.0, full16.newScaler().scale());
        assertEquals(null, RunDevice.of(config("f32", "model.dtype=float32")).newScaler());
    }
}
