package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.testing.RandomCheckpoint;

/**
 * Full fine-tuning in FP16 with FP32 master weights (on the CPU, the code a GPU runs): losses
 * against an FP32 run, dtypes of everything kept, an injected overflow, resume, the saved model,
 * and full DPO over an FP16 policy and reference.
 */
class FullHalfPrecisionTest {

    @TempDir
    Path tmp;

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
                "method.type=full", "schedule.batch_size=4", "optim.lr=1e-3",
                "schedule.warmup_ratio=0", "eval.every_steps=0", "checkpoint.every_steps=1",
                "checkpoint.keep_last=20", "data.max_length=64", "model.chat_template=chatml",
                "model.dtype=float16"));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(RunConfig.of(name, model().toString(), data().toString()), all);
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

    /** Every tensor of a safetensors file as float32 values. */
    private static Map<String, float[]> read(Path file) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (SafetensorsReader in = SafetensorsReader.open(file);
                NDManager m = DjlRuntime.newManager()) {
            for (String name : in.names()) {
                out.put(name, in.read(name, m, DataType.FLOAT32).toFloatArray());
            }
        }
        return out;
    }

    private static Map<String, float[]> castToHalf(Map<String, float[]> values) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = DjlRuntime.newManager()) {
            values.forEach((name, v) -> out.put(name, m.create(v).toType(DataType.FLOAT16, false)
                    .toType(DataType.FLOAT32, false).toFloatArray()));
        }
        return out;
    }

    private static void assertSame(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((name, v) -> assertArrayEquals(v, actual.get(name), what + ": " + name));
    }

    private static Path ckpt(RunConfig config, int step) {
        return Path.of(config.runDir()).resolve("checkpoints").resolve("step-" + step);
    }

    /**
     * Measured over 8 steps at lr 1e-3, the loss falling from 6.21 to 4.36: the FP16 run's losses
     * differ from the FP32 run's by at most 4.1e-3 (about 1e-3 relative), FP16 activations
     * carrying ~5e-4 relative error per rounding. The bound is 4e-2, ten times that.
     */
    @Test
    void fp16LossesTrackTheFp32RunAndTheStateStaysFp32() throws Exception {
        Seen f32 = new Seen();
        TrainingRun.create(config("f32", "model.dtype=float32", "schedule.max_steps=8")).run(f32);
        Seen f16 = new Seen();
        RunConfig half = config("f16", "schedule.max_steps=8");
        TrainingRun.create(half).run(f16);
        assertEquals(8, f16.steps.size());
        double worst = 0;
        for (int i = 0; i < 8; i++) {
            worst = Math.max(worst, Math.abs(f32.steps.get(i).loss() - f16.steps.get(i).loss()));
            assertEquals(65536.0, f16.steps.get(i).extra("loss_scale"));
        }
        System.out.printf("full FP16 vs FP32 losses over 8 steps: max abs diff %.3g (first %.4f, last %.4f)%n",
                worst, f32.steps.get(0).loss(), f32.steps.get(7).loss());
        assertTrue(worst > 0, "the FP16 run computed nothing in FP16");
        assertTrue(worst < 4e-2, "losses differ by " + worst);
        assertTrue(f16.steps.get(7).loss() < f16.steps.get(0).loss() - 0.1, "the FP16 run learned");
        // checkpoints hold the FP32 masters and FP32 moments
        for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
            try (SafetensorsReader in = SafetensorsReader.open(ckpt(half, 8).resolve(file))) {
                for (String name : in.names()) {
                    String want = name.equals("step") ? "I64" : "F32";
                    assertEquals(want, in.entry(name).dtype().fileName(), file + " " + name);
                }
            }
        }
    }

    @Test
    void mastersAreFp32BesideFp16WeightsAndFollowTheirGradients() throws Exception {
        DjlRuntime.configure();
        try (LoadedModel lm = ModelLoader.load(model(), ai.djl.Device.cpu(), DataType.FLOAT16);
                FullTrainable t = new FullTrainable(lm)) {
            assertEquals(lm.model().parameters().keySet(), t.parameters().keySet());
            for (String name : t.parameters().keySet()) {
                assertEquals(DataType.FLOAT16, lm.model().parameters().get(name).getDataType(), name);
                assertEquals(DataType.FLOAT32, t.parameters().get(name).getDataType(), name);
                assertTrue(t.parameters().get(name).hasGradient(), name);
            }
        }
        try (LoadedModel lm = ModelLoader.load(model());
                FullTrainable t = new FullTrainable(lm)) {
            assertEquals(null, t.masters(), "FP32 trains its weights in place");
            assertTrue(t.parameters() == lm.model().parameters());
        }
    }

    @Test
    void injectedOverflowLeavesMastersWeightsAndMomentsUntouched() throws Exception {
        RunConfig config = config("overflow", "schedule.max_steps=4");
        List<Map<String, float[]>> weightsBefore = new ArrayList<>(); // FP16 weights as each step began
        Seen seen = new Seen();
        TrainingRun.create(config).withRecipeHook(r -> {
            LoadedModel lm = ((SftRecipe) r).model();
            Recipe overflowing = HalfPrecisionTrainingTest.overflowAt(r, 2, 1);
            return new HalfPrecisionTrainingTest.Delegate(overflowing) {
                @Override
                public StepResult step(NDManager work, long firstMicro, int count, double lossScale) {
                    Map<String, float[]> w = new LinkedHashMap<>();
                    lm.model().parameters().forEach((name, p) -> {
                        assertEquals(DataType.FLOAT16, p.getDataType(), name);
                        w.put(name, p.toType(DataType.FLOAT32, false).toFloatArray());
                    });
                    weightsBefore.add(w);
                    return super.step(work, firstMicro, count, lossScale);
                }
            };
        }).run(seen);
        assertEquals(List.of("2: skipped step: gradient overflow, loss scale now 32768"), seen.skips);
        assertEquals(4, weightsBefore.size());
        // step 2 was skipped: masters, moments and step count are step 1's, and so are the weights
        assertArrayEquals(Files.readAllBytes(ckpt(config, 1).resolve("model.safetensors")),
                Files.readAllBytes(ckpt(config, 2).resolve("model.safetensors")));
        assertArrayEquals(Files.readAllBytes(ckpt(config, 1).resolve("optimizer.safetensors")),
                Files.readAllBytes(ckpt(config, 2).resolve("optimizer.safetensors")));
        assertSame(weightsBefore.get(1), weightsBefore.get(2), "weights after the skipped step");
        assertFalse(java.util.Arrays.equals(weightsBefore.get(2).values().iterator().next(),
                weightsBefore.get(3).values().iterator().next()), "step 3 trained again");
        // after each step the FP16 weights are the masters rounded to FP16
        for (int step = 1; step <= 3; step++) {
            assertSame(castToHalf(read(ckpt(config, step).resolve("model.safetensors"))),
                    weightsBefore.get(step), "weights vs masters after step " + step);
        }
    }

    @Test
    void resumedRunEqualsUninterruptedAndTheModelIsWrittenFromTheMasters() throws Exception {
        Seen straight = new Seen();
        RunConfig whole = config("straight", "schedule.max_steps=6");
        TrainingRun.create(whole).withRecipeHook(r -> HalfPrecisionTrainingTest.overflowAt(r, 2, 1))
                .run(straight);

        RunConfig interrupted = config("interrupted", "schedule.max_steps=6");
        TrainingRun first = TrainingRun.create(interrupted)
                .withRecipeHook(r -> HalfPrecisionTrainingTest.overflowAt(r, 2, 1));
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
        Seen after = new Seen();
        TrainingRun.resume(Path.of(interrupted.runDir())).run(after);
        List<StepMetrics> combined = new ArrayList<>(before.steps);
        combined.addAll(after.steps);
        assertEquals(6, combined.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(straight.steps.get(i).loss(), combined.get(i).loss(), 0, "step " + (i + 1));
            assertEquals(straight.steps.get(i).extra("loss_scale"), combined.get(i).extra("loss_scale"));
        }
        assertEquals(32768.0, after.steps.get(0).extra("loss_scale"), "the halved scale survived resume");
        Path saved = Path.of(interrupted.runDir()).resolve("model");
        assertArrayEquals(Files.readAllBytes(Path.of(whole.runDir()).resolve("model").resolve("model.safetensors")),
                Files.readAllBytes(saved.resolve("model.safetensors")));

        // the saved model is config.json's float32, equal to the final masters, which carry
        // more than FP16 holds; it loads and its weights are those values
        Map<String, float[]> masters = read(ckpt(interrupted, 6).resolve("model.safetensors"));
        assertSame(masters, read(saved.resolve("model.safetensors")), "saved model vs masters");
        assertFalse(sameValues(masters, castToHalf(masters)),
                "the masters hold values FP16 cannot");
        try (LoadedModel lm = ModelLoader.load(saved)) {
            Map<String, float[]> loaded = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : lm.model().parameters().entrySet()) {
                assertEquals(DataType.FLOAT32, e.getValue().getDataType());
                loaded.put(e.getKey(), e.getValue().toFloatArray());
            }
            assertSame(masters, loaded, "loaded model vs masters");
        }
    }

    private static boolean sameValues(Map<String, float[]> a, Map<String, float[]> b) {
        return a.keySet().stream().allMatch(k -> java.util.Arrays.equals(a.get(k), b.get(k)));
    }

    @Test
    void fullDpoTrainsAnFp16PolicyWithMastersAgainstAnFp16Reference() throws Exception {
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String thing : List.of("sky", "sea", "leaf", "sun")) {
            for (String color : List.of("blue", "red")) {
                lines.add(json.createObjectNode().put("prompt", "Color of the " + thing + "?")
                        .put("chosen", "It is " + color + ". Thanks!")
                        .put("rejected", "Ugh, " + color + ", go away.").toString());
            }
        }
        Path pairs = tmp.resolve("pairs.jsonl");
        Files.write(pairs, lines);
        RunConfig config = RunConfigJson.applyOverrides(RunConfig.of("dpo16", model().toString(),
                pairs.toString()), List.of("output_dir=" + tmp.resolve("runs").resolve("dpo16"),
                "method.type=dpo", "method.adapter=full", "method.max_prompt_length=32",
                "schedule.batch_size=4", "optim.lr=1e-3", "schedule.warmup_ratio=0",
                "eval.every_steps=0", "checkpoint.every_steps=1000", "data.max_length=80",
                "model.chat_template=chatml", "model.dtype=float16", "schedule.max_steps=4"));
        Seen seen = new Seen();
        TrainingRun.create(config).run(seen);
        assertEquals(4, seen.steps.size());
        // an identical FP16 reference: the first step's loss is ln 2 up to FP16 noise
        assertEquals(Math.log(2), seen.steps.get(0).loss(), 1e-3);
        assertTrue(seen.steps.get(3).extra("rewards/margins") > 0, seen.steps.get(3).extra().toString());
        try (SafetensorsReader in = SafetensorsReader.open(ckpt(config, 4).resolve("model.safetensors"))) {
            for (String name : in.names()) {
                assertEquals("F32", in.entry(name).dtype().fileName(), name);
            }
        }
    }
}
