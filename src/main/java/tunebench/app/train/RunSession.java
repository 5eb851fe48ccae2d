package tunebench.app.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import tunebench.app.Activity;
import tunebench.app.AppTask;
import tunebench.app.Workbench;
import tunebench.app.monitor.RunMonitor;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.RunControl;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;
import tunebench.engine.train.TrainingRun;

/**
 * The Train screen's one run at a time: starts or resumes it, relays Pause / Resume / Stop,
 * keeps the status bar's "Training NAME · step 40/225" current and sums the run up at the end.
 * Its properties live on the FX thread; the run's events reach them through {@code fx}, steps
 * coalesced so a fast run cannot flood the FX queue.
 */
final class RunSession {

    /** Opens the run (TrainingRun.create or resume: files only, no DJL) on the run's thread. */
    @FunctionalInterface
    interface Opener {
        TrainingRun open() throws IOException;
    }

    static final String OWNER = "train";

    private final Workbench workbench;
    private final RunMonitor monitor;
    private final Executor fx;
    private final Consumer<ErrorReport> errors;
    private final Function<Path, String> shown;

    private final ReadOnlyObjectWrapper<RunState> state =
            new ReadOnlyObjectWrapper<>(this, "state", RunState.IDLE);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    // Written on the run's thread, read on the FX thread.
    private volatile RunControl control;
    private volatile boolean stopAsked;
    private volatile double lastEvalLoss;
    private volatile Path lastCheckpoint;
    private volatile String dataNote = "";
    private final AtomicReference<StepMetrics> latestStep = new AtomicReference<>();
    private final AtomicBoolean stepPending = new AtomicBoolean();

    // FX thread only.
    private String name = "";
    private int totalSteps;
    private int step;
    private boolean started;
    private boolean closing;

    /** @param shown how a path reads on screen (relative to the workbench's home when inside it) */
    RunSession(Workbench workbench, RunMonitor monitor, Executor fx, Consumer<ErrorReport> errors,
            Function<Path, String> shown) {
        this.workbench = workbench;
        this.monitor = monitor;
        this.fx = fx;
        this.errors = errors;
        this.shown = shown;
    }

    void start(String runName, Opener opener) {
        if (state.get().active()) {
            return;
        }
        name = runName;
        control = null;
        stopAsked = false;
        lastEvalLoss = Double.NaN;
        lastCheckpoint = null;
        dataNote = "";
        latestStep.set(null);
        started = false;
        totalSteps = 0;
        step = 0;
        state.set(RunState.STARTING);
        summary.set("");
        progress.set("Loading the model and data…");
        workbench.working(OWNER, Activity.indeterminate("Training " + name + " · loading"));
        monitor.startLive(name);
        RunListener listener = new CombinedListener(new Relay(), monitor.listener());
        workbench.runner().submit(AppTask.of(() -> runOnOwnThread(opener, listener))
                .onSuccess(this::finished).onFailure(this::failed));
    }

    /**
     * The run gets a thread of its own rather than the task runner's: it is not a daemon, so
     * after the window closes the JVM waits for a stopping run to write its checkpoint, and
     * the runner's shutdown interrupts only this waiting thread (an interrupted thread cannot
     * write files through a FileChannel). Every DJL call of the run happens on it.
     */
    private RunSummary runOnOwnThread(Opener opener, RunListener listener) throws Exception {
        FutureTask<RunSummary> work = new FutureTask<>(() -> {
            TrainingRun run = opener.open();
            control = run.control();
            if (stopAsked) { // Stop pressed while the folder was being read
                control.stop();
            }
            return run.run(listener);
        });
        new Thread(work, "tunebench-train").start();
        try {
            return work.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    void pause() {
        RunControl c = control;
        if (state.get() == RunState.RUNNING && c != null) {
            c.pause();
            state.set(RunState.PAUSED);
            progress.set("Pausing after this step…");
            workbench.working(OWNER, new Activity("Training " + name + " · pausing", fraction()));
        }
    }

    void resume() {
        RunControl c = control;
        if (state.get() == RunState.PAUSED && c != null) {
            c.resume();
            state.set(RunState.RUNNING);
            showStep();
        }
    }

    /** Asks the run to stop after its step; it writes a checkpoint first. */
    void stop() {
        if (!state.get().active() || state.get() == RunState.STOPPING) {
            return;
        }
        stopAsked = true;
        RunControl c = control;
        if (c != null) {
            c.stop();
        }
        state.set(RunState.STOPPING);
        progress.set("Stopping: finishing the step and saving a checkpoint…");
        workbench.working(OWNER, new Activity("Training " + name + " · stopping", -1));
    }

    /** The window is closing: stop without blocking; the run's own thread finishes the checkpoint. */
    void closing() {
        closing = true;
        stop();
    }

    private void finished(RunSummary s) {
        state.set(RunState.IDLE);
        workbench.finished(OWNER);
        summary.set(RunText.summary(s, totalSteps, lastEvalLoss, lastCheckpoint, shown)
                + (dataNote.isEmpty() ? "" : "\n" + dataNote));
    }

    private void failed(Throwable error) {
        state.set(RunState.IDLE);
        workbench.finished(OWNER);
        if (closing) {
            return; // the window is gone; nobody is left to read a dialog
        }
        summary.set(started ? "Stopped with an error at step " + step + "." : "The run did not start.");
        errors.accept(ErrorReport.of(started ? "Training “" + name + "” stopped with an error."
                : "Could not start training “" + name + "”.", error));
    }

    private double fraction() {
        return totalSteps > 0 ? (double) step / totalSteps : -1;
    }

    /** The status line and bar while running; pausing and stopping keep their own words. */
    private void showStep() {
        StepMetrics m = latestStep.get();
        String loss = m == null ? "" : " · loss " + RunText.decimal(m.loss());
        progress.set("Step " + step + " of " + totalSteps + loss);
        if (state.get() == RunState.RUNNING) {
            workbench.working(OWNER, new Activity("Training " + name + " · step " + step + "/"
                    + totalSteps, fraction()));
        }
    }

    ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "Step 40 of 225 · loss 1.2345", or what the run is doing between steps. */
    ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** How the last run ended; empty while one runs. */
    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The run's events, moved to the FX thread. */
    private final class Relay implements RunListener {

        @Override
        public void runStarted(RunInfo info) {
            dataNote = RunText.dataNote(info);
            fx.execute(() -> {
                started = true;
                totalSteps = info.totalSteps();
                step = info.startStep();
                if (state.get() == RunState.STARTING) {
                    state.set(RunState.RUNNING);
                }
                showStep();
            });
        }

        @Override
        public void stepCompleted(StepMetrics metrics) {
            latestStep.set(metrics);
            if (stepPending.compareAndSet(false, true)) {
                fx.execute(() -> {
                    stepPending.set(false);
                    step = latestStep.get().step();
                    if (state.get() == RunState.RUNNING) {
                        showStep();
                    }
                });
            }
        }

        @Override
        public void evalCompleted(EvalMetrics metrics) {
            lastEvalLoss = metrics.evalLoss();
        }

        @Override
        public void checkpointSaved(int atStep, Path dir) {
            lastCheckpoint = dir;
        }

        @Override
        public void runPaused(int atStep) {
            fx.execute(() -> {
                if (state.get() == RunState.PAUSED) {
                    progress.set("Paused at step " + atStep + " of " + totalSteps);
                    workbench.working(OWNER, new Activity("Training " + name + " · paused at step "
                            + atStep + "/" + totalSteps, fraction()));
                }
            });
        }
    }
}
