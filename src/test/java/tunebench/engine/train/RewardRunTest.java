package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import tunebench.engine.train.reward.RewardModel;
import tunebench.engine.train.reward.ValueHead;
import tunebench.testing.RandomCheckpoint;

/** Reward-model runs through the training loop on a small random model, saved and reloaded. */
class RewardRunTest {

    private static final List<String> KEYS = List.of("rewards/chosen", "rewards/rejected",
            "rewards/accuracies", "rewards/margins");

    @TempDir
    Path tmp;

    private Path model;

    private Path model() throws Exception {
        if (model == null) {
            model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        }
        return model;
    }

    /** Polite replies preferred to rude ones; {@code from} picks which things. */
    private Path pairs(String name, List<String> things) throws IOException {
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String thing : things) {
            for (String color : List.of("blue", "red")) {
                lines.add(json.createObjectNode().put("prompt", "Color of the " + thing + "?")
                        .put("chosen", "It is " + color + ". Thanks!")
                        .put("rejected", "Ugh, " + color + ", go away.").toString());
            }
        }
        Path file = tmp.resolve(name);
        Files.write(file, lines);
        return file;
    }

    private RunConfig config(String name, String... sets) throws Exception {
        Path train = pairs("train.jsonl", List.of("sky", "sea", "leaf", "sun", "snow", "coal"));
        Path val = pairs("val.jsonl", List.of("rose", "grass"));
        RunConfig base = RunConfig.of(name, model().toString(), train.toString());
        List<String> all = new ArrayList<>(List.of("output_dir=" + tmp.resolve("runs").resolve(name),
                "method.type=reward", "schedule.batch_size=4", "optim.lr=5e-3",
                "schedule.warmup_ratio=0", "eval.every_steps=0", "checkpoint.every_steps=1000",
                "data.max_length=80", "model.chat_template=chatml", "data.validation_split=0",
                "data.validation=" + val));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(base, all);
    }

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
    void rewardRunLowersTheLossLogsMetricsAndReloadsWithTheSameScores() throws Exception {
        RunConfig config = config("rm", "schedule.max_steps=8");
        Seen seen = new Seen();
        RunSummary s = TrainingRun.create(config).run(seen);
        StepMetrics first = seen.steps.get(0);
        StepMetrics last = seen.steps.get(7);
        assertTrue(last.loss() < 0.5 * first.loss(), "did not learn: " + first.loss() + " -> " + last.loss());
        assertTrue(last.extra("rewards/accuracies") > 0.5 && last.extra("rewards/margins") > 0,
                last.extra().toString());
        EvalMetrics eval = seen.evals.get(seen.evals.size() - 1);
        assertTrue(Double.isNaN(eval.evalPpl()));

        List<String> lines = Files.readAllLines(Path.of(config.runDir()).resolve("metrics.jsonl"));
        JsonNode step1 = new ObjectMapper().readTree(lines.get(0));
        JsonNode evalLine = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (String key : KEYS) {
            assertTrue(step1.path(key).isNumber(), key);
            assertTrue(evalLine.path("eval_" + key).isNumber(), "eval_" + key);
        }
        Path out = s.output();
        for (String f : List.of("adapter/adapter_model.safetensors", "adapter/adapter_config.json",
                ValueHead.FILE, RewardModel.CONFIG_FILE)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }

        // Reloaded, the model scores the held-out pairs as the run's last evaluation did.
        List<double[]> scores = new ArrayList<>();
        try (RewardModel rm = RewardModel.load(model(), out)) {
            for (String thing : List.of("rose", "grass")) {
                for (String color : List.of("blue", "red")) {
                    String prompt = "Color of the " + thing + "?";
                    scores.add(new double[] {rm.score(prompt, "It is " + color + ". Thanks!"),
                        rm.score(prompt, "Ugh, " + color + ", go away.")});
                }
            }
        }
        double chosen = scores.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double rejected = scores.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        // the run scored them in one right-padded batch; padding moves float sums only slightly
        assertEquals(eval.extra("eval_rewards/chosen"), chosen, 1e-4);
        assertEquals(eval.extra("eval_rewards/rejected"), rejected, 1e-4);

        // The last checkpoint is a reward model too, with bit-identical weights: same scores.
        Path checkpoint = Path.of(config.runDir()).resolve("checkpoints/step-8");
        try (RewardModel rm = RewardModel.load(model(), checkpoint)) {
            assertEquals(scores.get(0)[0], rm.score("Color of the rose?", "It is blue. Thanks!"), 1e-6);
            assertEquals(scores.get(3)[1], rm.score("Color of the grass?", "Ugh, red, go away."), 1e-6);
        }
    }

    @Test
    void resumedRewardRunMatchesUninterruptedLosses() throws Exception {
        Seen straight = new Seen();
        TrainingRun.create(config("straight", "schedule.max_steps=4")).run(straight);

        RunConfig interrupted = config("interrupted", "schedule.max_steps=4");
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
        assertEquals(4, combined.size());
        for (int i = 0; i < 4; i++) { // the head's weights and moments came back too
            assertEquals(straight.steps.get(i).loss(), combined.get(i).loss(), 1e-5, "step " + (i + 1));
            assertEquals(straight.steps.get(i).extra("rewards/margins"),
                    combined.get(i).extra("rewards/margins"), 1e-5, "step " + (i + 1));
        }
    }
}
