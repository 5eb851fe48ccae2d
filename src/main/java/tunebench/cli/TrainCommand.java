package tunebench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/**
 * {@code train}: a fine-tuning run from a JSON config (the same file the GUI writes), with a
 * progress line in the terminal. Ctrl-C writes a checkpoint before stopping;
 * {@code --resume runs/<name>} continues from the newest one.
 */
@Command(mixinStandardHelpOptions = true, name = "train",
        description = "Fine-tune a model (SFT with LoRA, QLoRA or full; or DPO) from a run config.")
final class TrainCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "Run config (JSON).")
        Path config;

        @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in this folder.")
        Path resume;
    }

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set optim.lr=2e-4 --set schedule.max_steps=10.")
    List<String> sets = new ArrayList<>();

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingRun run;
        if (source.resume != null) {
            if (!sets.isEmpty() || deviceOption.device != null || deviceOption.dtype != null) {
                throw new IllegalArgumentException("--set and --device cannot change a run being resumed (nor --dtype);"
                        + " its saved config is " + source.resume.resolve("config.json"));
            }
            run = TrainingRun.resume(source.resume);
        } else {
            RunConfig config = RunConfigJson.applyOverrides(RunConfigJson.read(source.config), sets);
            if (deviceOption.device != null) {
                config = config.withModel(config.model().withDevice(deviceOption.device));
            }
            if (deviceOption.dtype != null) {
                config = config.withModel(config.model().withDtype(deviceOption.dtype));
            }
            run = TrainingRun.create(config);
        }
        PrintWriter err = spec.commandLine().getErr();
        Thread hook = new Thread(() -> {
            run.control().stop();
            try {
                run.control().awaitFinished(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tunebench-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunSummary s = run.run(new Progress(err));
            PrintWriter out = spec.commandLine().getOut();
            if (s.stoppedEarly()) {
                out.printf("Stopped at step %d; continue with: train --resume %s%n", s.steps(), run.runDir());
            } else {
                out.printf("Done: %d steps, final loss %.4f, %s%n", s.steps(), s.finalLoss(), s.output());
            }
            out.flush();
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the checkpoint
            }
        }
    }

    /** One line redrawn in place: step, loss, tokens/s, ETA; evaluations on their own lines. */
    static final class Progress implements RunListener {
        private final PrintWriter err;
        /** Redraw one line in a terminal; in a log file, a full line every twentieth of the run. */
        private final boolean terminal = System.console() != null;
        private int total;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void runStarted(RunInfo i) {
            total = i.totalSteps();
            err.printf("Run %s: %d steps%s, %,d trainable parameters of %,d (%.3f%%), %d training"
                    + " examples, %d validation%n", i.runDir(), i.totalSteps(),
                    i.startStep() > 0 ? " (resuming at " + i.startStep() + ")" : "",
                    i.trainableParameters(), i.totalParameters(), i.trainablePercent(),
                    i.trainExamples(), i.validationExamples());
            if (i.truncated() > 0 || i.dropped() > 0) {
                err.printf("  %d examples cut at max_length, %d dropped with nothing left to learn%n",
                        i.truncated(), i.dropped());
            }
            i.dataProblems().stream().limit(5).forEach(p -> err.println("  skipped: " + p));
            if (i.dataProblems().size() > 5) {
                err.printf("  ... and %d more problems in the data%n", i.dataProblems().size() - 5);
            }
            err.flush();
        }

        @Override
        public void stepCompleted(StepMetrics m) {
            int width = 24;
            int filled = (int) Math.round(width * (double) m.step() / Math.max(1, total));
            double eta = m.step() == 0 ? 0 : m.elapsedS() / m.step() * (total - m.step());
            if (!terminal && m.step() % Math.max(1, total / 20) != 0 && m.step() != total) {
                return;
            }
            err.printf((terminal ? "\r" : "") + "[%s%s] %d/%d loss %.4f%s lr %.2e %,.0f tok/s ETA %s"
                    + (terminal ? "   " : "%n"),
                    "#".repeat(filled), ".".repeat(width - filled), m.step(), total, m.loss(),
                    preference(m.extra(), ""), m.lr(), m.tokensPerS(), duration(eta));
            err.flush();
        }

        @Override
        public void stepSkipped(int step, String note, double lossScale) {
            err.printf((terminal ? "%n" : "") + "  step %d: %s%n", step, note);
            err.flush();
        }

        @Override
        public void evalCompleted(EvalMetrics m) {
            if (m.extra().containsKey("eval_rewards/accuracies")) {
                err.printf((terminal ? "%n" : "") + "  eval at step %d: loss %.4f%s%n", m.step(),
                        m.evalLoss(), preference(m.extra(), "eval_"));
            } else {
                err.printf((terminal ? "%n" : "") + "  eval at step %d: loss %.4f, perplexity %.2f%n", m.step(), m.evalLoss(), m.evalPpl());
            }
            for (EvalMetrics.ProbeOutput p : m.probes()) {
                err.printf("  %s -> %s%n", p.prompt(), p.output().replace("\n", " "));
            }
            err.flush();
        }

        @Override
        public void checkpointSaved(int step, Path dir) {
            err.printf((terminal ? "%n" : "") + "  checkpoint %s%n", dir);
            err.flush();
        }

        @Override
        public void runFailed(String message, Throwable cause) {
            err.println();
            err.flush();
        }

        /** DPO's reward accuracy and margin, TRL-named; empty for SFT, which has neither. */
        static String preference(java.util.Map<String, Double> extra, String prefix) {
            Double accuracy = extra.get(prefix + "rewards/accuracies");
            Double margin = extra.get(prefix + "rewards/margins");
            if (accuracy == null || margin == null) {
                return "";
            }
            return String.format(" acc %.2f margin %.3f", accuracy, margin);
        }

        static String duration(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                    : String.format("%dm%02ds", s / 60, s % 60);
        }
    }
}
