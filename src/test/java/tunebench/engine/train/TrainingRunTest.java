package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.testing.RandomCheckpoint;

/** Short real runs on a small random model with the hand-made byte-level tokenizer. */
class TrainingRunTest {

    @TempDir
    Path tmp;

    /** A random Llama whose vocabulary fits the tiny-bpe tokenizer, with its tokenizer files. */
    private Path model;

    private Path model() throws Exception {
        if (model != null) {
            return model;
        }
        model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        return model;
    }

    /** Sixteen instructions with one fixed answer style: easy to learn. */
    private Path data() throws IOException {
        List<String> lines = new ArrayList<>();
        String[] colors = {"red", "blue", "green", "gold"};
        String[] things = {"sky", "sea", "leaf", "sun"};
        for (String color : colors) {
            for (String thing : things) {
                lines.add(new ObjectMapper().createObjectNode().put("instruction", "Color of the " + thing + "?")
                        .put("input", "").put("output", "The " + thing + " is " + color + ".").toString());
            }
        }
        Path file = tmp.resolve("train.jsonl");
        Files.write(file, lines);
        return file;
    }

    private RunConfig config(String name, String... sets) throws Exception {
        RunConfig base = RunConfig.of(name, model().toString(), data().toString());
        List<String> all = new ArrayList<>(List.of("output_dir=" + tmp.resolve("runs").resolve(name),
                "schedule.batch_size=4", "optim.lr=5e-3", "schedule.warmup_ratio=0",
                "eval.every_steps=0", "checkpoint.every_steps=1000", "data.max_length=96",
                "model.chat_template=chatml"));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(base, all);
    }

    /** Records every step's loss. */
    private static class Losses implements RunListener {
        final List<Double> losses = new ArrayList<>();
        RunInfo info;
        final List<EvalMetrics> evals = new ArrayList<>();

        @Override
        public void runStarted(RunInfo i) {
            info = i;
        }

        @Override
        public void stepCompleted(StepMetrics m) {
            losses.add(m.loss());
        }

        @Override
        public void evalCompleted(EvalMetrics m) {
            evals.add(m);
        }
    }

    @Test
    void loraStepsLowerTheLossAndSaveAPeftAdapter() throws Exception {
        RunConfig config = config("lora", "schedule.max_steps=30", "eval.every_steps=15",
                "eval.probe_prompts=[\"Color of the sky?\"]", "eval.probe_max_new_tokens=8");
        Losses l = new Losses();
        RunSummary s = TrainingRun.create(config).run(l);
        assertEquals(30, l.losses.size());
        double first = l.losses.get(0);
        double last = l.losses.subList(25, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.7 * first, "LoRA did not learn: " + first + " -> " + last);
        assertTrue(l.info.trainablePercent() > 0 && l.info.trainablePercent() < 50, "share " + l.info.trainablePercent());
        assertEquals(2, l.evals.size());
        assertEquals("Color of the sky?", l.evals.get(1).probes().get(0).prompt());
        assertTrue(Double.isFinite(l.evals.get(1).evalLoss()));
        Path run = Path.of(config.runDir());
        assertTrue(Files.isRegularFile(s.output().resolve("adapter_model.safetensors")));
        assertEquals(PeftAdapterReader.readSpec(s.output()).r(), 8);
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(32, metrics.size(), "30 steps + 2 evaluations");
        JsonNode step1 = new ObjectMapper().readTree(metrics.get(0));
        for (String key : List.of("step", "epoch", "loss", "lr", "grad_norm", "tokens_per_s", "elapsed_s")) {
            assertTrue(step1.has(key), key);
        }
        assertTrue(Files.isRegularFile(run.resolve("config.json")));
        assertTrue(Files.isDirectory(run.resolve("checkpoints").resolve("step-30")));
    }

    @Test
    void fullFineTuningStepsLowerTheLoss() throws Exception {
        RunConfig config = config("full", "method.type=full", "schedule.max_steps=20", "optim.lr=2e-3");
        Losses l = new Losses();
        RunSummary s = TrainingRun.create(config).run(l);
        double first = l.losses.get(0);
        double last = l.losses.subList(15, 20).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.7 * first, "full fine-tuning did not learn: " + first + " -> " + last);
        assertEquals(100.0, l.info.trainablePercent(), 1e-9);
        assertTrue(Files.isRegularFile(s.output().resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(s.output().resolve("tokenizer.json")));
    }

    @Test
    void resumedRunMatchesUninterruptedLosses() throws Exception {
        Losses straight = new Losses();
        TrainingRun.create(config("straight", "schedule.max_steps=8", "schedule.gradient_accumulation=2",
                "method.dropout=0.1")).run(straight);

        RunConfig interrupted = config("interrupted", "schedule.max_steps=8",
                "schedule.gradient_accumulation=2", "method.dropout=0.1");
        TrainingRun first = TrainingRun.create(interrupted);
        Losses before = new Losses() {
            @Override
            public void stepCompleted(StepMetrics m) {
                super.stepCompleted(m);
                if (m.step() == 3) {
                    first.control().stop(); // as Ctrl-C does: checkpoint, then stop
                }
            }
        };
        RunSummary stopped = first.run(before);
        assertTrue(stopped.stoppedEarly());
        assertEquals(3, before.losses.size());
        Path runDir = Path.of(interrupted.runDir());
        assertTrue(Files.isDirectory(runDir.resolve("checkpoints").resolve("step-3")));

        Losses after = new Losses();
        TrainingRun.resume(runDir).run(after);
        List<Double> combined = new ArrayList<>(before.losses);
        combined.addAll(after.losses);
        assertEquals(straight.losses.size(), combined.size());
        for (int i = 0; i < combined.size(); i++) {
            assertEquals(straight.losses.get(i), combined.get(i), 1e-5, "step " + (i + 1));
        }
        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        assertEquals(8 + 1, metrics.size(), "8 steps and the final evaluation, no duplicates");
    }

    @Test
    void aNewRunRefusesAFolderWithCheckpoints() throws Exception {
        RunConfig config = config("twice", "schedule.max_steps=1");
        TrainingRun.create(config).run(RunListener.NONE);
        IOException e = assertThrows(IOException.class, () -> TrainingRun.create(config));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void divergingLossStopsTheRunAndKeepsTheLastCheckpoint() throws Exception {
        RunConfig config = config("nan", "method.type=full", "schedule.max_steps=40", "optim.lr=1e30",
                "optim.max_grad_norm=0", "checkpoint.every_steps=1", "schedule.type=constant");
        TrainingException e = assertThrows(TrainingException.class,
                () -> TrainingRun.create(config).run(RunListener.NONE));
        assertTrue(e.getMessage().contains("Lower optim.lr"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoints"), e.getMessage());
        assertFalse(Files.isDirectory(Path.of(config.runDir()).resolve("adapter")));
    }

    @Test
    void packedRowsTrainToo() throws Exception {
        RunConfig config = config("packed", "data.packing=true", "schedule.max_steps=25",
                "schedule.batch_size=2");
        Losses l = new Losses();
        TrainingRun.create(config).run(l);
        double first = l.losses.get(0);
        double last = l.losses.subList(20, 25).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.8 * first, "packed LoRA did not learn: " + first + " -> " + last);
    }

    @Test
    void aPausedRunWaitsUntilResumed() throws Exception {
        TrainingRun run = TrainingRun.create(config("pause", "schedule.max_steps=4"));
        List<String> events = new ArrayList<>();
        long[] pausedAt = new long[1];
        RunSummary s = run.run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                events.add("step " + m.step());
                if (m.step() == 2) {
                    run.control().pause();
                    pausedAt[0] = System.nanoTime();
                    new Thread(() -> {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        run.control().resume();
                    }).start();
                }
            }

            @Override
            public void runPaused(int step) {
                events.add("paused " + step);
            }

            @Override
            public void runResumed(int step) {
                events.add("resumed " + step); // only after a pause
            }
        });
        assertEquals(4, s.steps());
        assertTrue(events.containsAll(List.of("step 2", "paused 2", "resumed 2", "step 3")), events.toString());
        assertEquals(1, events.stream().filter(e -> e.startsWith("resumed")).count(), events.toString());
        assertTrue(events.indexOf("resumed 2") < events.indexOf("step 3"));
        assertTrue(System.nanoTime() - pausedAt[0] >= 250_000_000L, "did not wait while paused");
    }

    @Test
    void nativeMemoryStaysFlatAcrossSteps() throws Exception {
        // A child JVM with a fixed, pre-touched heap, so resident memory moves only with what
        // libtorch and the JVM allocate outside the heap.
        RunConfig config = config("memory", "schedule.max_steps=200", "method.dropout=0.05");
        Path file = tmp.resolve("memory.json");
        RunConfigJson.write(config, file);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                MemoryProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String[] rss = out.lines().filter(l -> l.startsWith("rss ")).reduce((x, y) -> y).orElseThrow().split(" ");
        long at20 = Long.parseLong(rss[1]);
        long at200 = Long.parseLong(rss[2]);
        double growth = (double) (at200 - at20) / at20;
        System.out.printf("resident memory: step 20 %d MB, step 200 %d MB (%+.1f%%)%n",
                at20 >> 20, at200 >> 20, 100 * growth);
        assertTrue(Math.abs(growth) < 0.10, "resident memory moved by " + (100 * growth) + "%");
    }

    /** Runs a config and prints resident memory after steps 20 and 200: "rss A B". */
    public static final class MemoryProbe {
        public static void main(String[] args) throws Exception {
            long[] at = new long[2];
            TrainingRun.create(RunConfigJson.read(Path.of(args[0]))).run(new RunListener() {
                @Override
                public void stepCompleted(StepMetrics m) {
                    if (m.step() == 20 || m.step() == 200) {
                        at[m.step() == 20 ? 0 : 1] = rss();
                    }
                }
            });
            System.out.println("rss " + at[0] + " " + at[1]);
        }

        static long rss() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", ""))
                        .mapToLong(Long::parseLong).findFirst().orElseThrow() * 1024;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
