package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.testing.RandomCheckpoint;

/** DPO runs through the training loop on a small random model with the byte-level tokenizer. */
class DpoRunTest {

    private static final List<String> TRL_KEYS = List.of("rewards/chosen", "rewards/rejected",
            "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected");
    private static final double LN2 = Math.log(2);

    @TempDir
    Path tmp;

    private Path model;

    private Path model() throws Exception {
        if (model == null) {
            model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        }
        return model;
    }

    /** Sixteen pairs: a short polite reply preferred to a rude one. */
    private Path pairs() throws IOException {
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String thing : List.of("sky", "sea", "leaf", "sun", "snow", "coal", "rose", "grass")) {
            for (String color : List.of("blue", "red")) {
                lines.add(json.createObjectNode().put("prompt", "Color of the " + thing + "?")
                        .put("chosen", "It is " + color + ". Thanks!")
                        .put("rejected", "Ugh, " + color + ", go away.").toString());
            }
        }
        Path file = tmp.resolve("pairs.jsonl");
        Files.write(file, lines);
        return file;
    }

    private RunConfig config(String name, String... sets) throws Exception {
        RunConfig base = RunConfig.of(name, model().toString(), pairs().toString());
        List<String> all = new ArrayList<>(List.of("output_dir=" + tmp.resolve("runs").resolve(name),
                "method.type=dpo", "method.max_prompt_length=32", "schedule.batch_size=4",
                "optim.lr=5e-3", "schedule.warmup_ratio=0", "eval.every_steps=0",
                "checkpoint.every_steps=1000", "data.max_length=80", "model.chat_template=chatml",
                "data.validation_split=0.25"));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(base, all);
    }

    /** Every step's and every evaluation's metrics. */
    private static class Seen implements RunListener {
        final List<StepMetrics> steps = new ArrayList<>();
        final List<EvalMetrics> evals = new ArrayList<>();

        @Override
        public void stepCompleted(StepMetrics m) {
            steps.add(m);
        }

        @Override
        public void evalCompleted(EvalMetrics m) {
            evals.add(m);
        }
    }

    @Test
    void loraDpoLowersTheLossAndLogsTrlMetrics() throws Exception {
        RunConfig config = config("dpo", "schedule.max_steps=8");
        Seen seen = new Seen();
        RunSummary s = TrainingRun.create(config).run(seen);
        // A fresh adapter (B = 0) is the base, which is the reference: every reward starts at 0.
        StepMetrics first = seen.steps.get(0);
        assertEquals(LN2, first.loss(), 1e-6);
        assertEquals(0, first.extra("rewards/margins"), 1e-6);
        StepMetrics last = seen.steps.get(7);
        assertTrue(last.loss() < 0.6 * LN2, "DPO did not learn: " + first.loss() + " -> " + last.loss());
        assertTrue(last.extra("rewards/accuracies") > 0.5 && last.extra("rewards/margins") > 0,
                last.extra().toString());
        EvalMetrics eval = seen.evals.get(0);
        assertTrue(eval.evalLoss() < LN2, "eval loss " + eval.evalLoss());
        assertTrue(Double.isNaN(eval.evalPpl()));

        List<String> lines = Files.readAllLines(Path.of(config.runDir()).resolve("metrics.jsonl"));
        JsonNode step1 = new ObjectMapper().readTree(lines.get(0));
        JsonNode evalLine = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (String key : TRL_KEYS) {
            assertTrue(step1.path(key).isNumber(), key);
            assertTrue(evalLine.path("eval_" + key).isNumber(), "eval_" + key);
        }
        MetricsHistory history = MetricsHistory.readRun(Path.of(config.runDir()));
        assertEquals(last.extra("rewards/accuracies"),
                history.steps().get(7).extra().get("rewards/accuracies"), 1e-12);
        assertEquals(eval.extra("eval_rewards/margins"),
                history.evals().get(0).extra().get("eval_rewards/margins"), 1e-12);
        assertTrue(Files.isRegularFile(s.output().resolve("adapter_model.safetensors")));
    }

    @Test
    void continuingAnSftAdapterMeasuresAgainstAFrozenCopyOfIt() throws Exception {
        // An SFT adapter with a trained, non-zero B, so base and base + adapter differ.
        RunConfig sft = RunConfigJson.applyOverrides(RunConfig.of("sft", model().toString(),
                pairsAsSft().toString()), List.of("output_dir=" + tmp.resolve("runs/sft"),
                "schedule.max_steps=3", "schedule.batch_size=4", "optim.lr=1e-2",
                "eval.every_steps=0", "data.max_length=80", "model.chat_template=chatml",
                "data.validation_split=0"));
        Path adapter = TrainingRun.create(sft).run(RunListener.NONE).output();

        Seen fromAdapter = new Seen();
        TrainingRun.create(config("cont", "schedule.max_steps=1", "method.init_adapter=" + adapter))
                .run(fromAdapter);
        Seen fresh = new Seen();
        TrainingRun.create(config("fresh", "schedule.max_steps=1")).run(fresh);
        // The reference is base + the SFT adapter: rewards 0, loss ln 2, at step 1 ...
        StepMetrics first = fromAdapter.steps.get(0);
        assertEquals(LN2, first.loss(), 1e-6);
        assertEquals(0, first.extra("rewards/chosen"), 1e-6);
        // ... and the policy really is the SFT adapter, not the base: its log-probs differ.
        assertNotEquals(fresh.steps.get(0).extra("logps/chosen"), first.extra("logps/chosen"), 1e-3);
    }

    @Test
    void fullDpoMeasuresAgainstAFrozenSecondModel() throws Exception {
        Seen seen = new Seen();
        TrainingRun.create(config("full", "method.adapter=full", "schedule.max_steps=4",
                "optim.lr=1e-3")).run(seen);
        assertEquals(LN2, seen.steps.get(0).loss(), 1e-6);
        // a frozen reference: the policy's moves show as rewards, which a moving one would hide
        assertTrue(seen.steps.get(3).extra("rewards/margins") > 0, seen.steps.get(3).extra().toString());
        assertTrue(seen.steps.get(3).loss() < LN2);
    }

    @Test
    void resumedDpoRunMatchesUninterruptedLosses() throws Exception {
        Seen straight = new Seen();
        TrainingRun.create(config("straight", "schedule.max_steps=6",
                "schedule.gradient_accumulation=2")).run(straight);

        RunConfig interrupted = config("interrupted", "schedule.max_steps=6",
                "schedule.gradient_accumulation=2");
        TrainingRun first = TrainingRun.create(interrupted);
        Seen before = new Seen() {
            @Override
            public void stepCompleted(StepMetrics m) {
                super.stepCompleted(m);
                if (m.step() == 2) {
                    first.control().stop();
                }
            }
        };
        assertTrue(first.run(before).stoppedEarly());
        Seen after = new Seen();
        TrainingRun.resume(Path.of(interrupted.runDir())).run(after);
        List<StepMetrics> combined = new ArrayList<>(before.steps);
        combined.addAll(after.steps);
        assertEquals(6, combined.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(straight.steps.get(i).loss(), combined.get(i).loss(), 1e-5, "step " + (i + 1));
            assertEquals(straight.steps.get(i).extra("rewards/margins"),
                    combined.get(i).extra("rewards/margins"), 1e-5, "step " + (i + 1));
        }
    }

    /** The chosen replies as Alpaca SFT data, to make an adapter DPO can continue. */
    private Path pairsAsSft() throws IOException {
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(pairs())) {
            JsonNode p = json.readTree(line);
            lines.add(json.createObjectNode().put("instruction", p.get("prompt").asText())
                    .put("input", "").put("output", p.get("chosen").asText()).toString());
        }
        Path file = tmp.resolve("sft.jsonl");
        Files.write(file, lines);
        return file;
    }
}
