package tunebench.app.train;

import java.nio.file.Path;
import java.util.List;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;

/** Hands each event of a run to several listeners in turn (the screen's and the monitor's). */
final class CombinedListener implements RunListener {

    private final List<RunListener> listeners;

    CombinedListener(RunListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void runStarted(RunInfo info) {
        listeners.forEach(l -> l.runStarted(info));
    }

    @Override
    public void stepCompleted(StepMetrics metrics) {
        listeners.forEach(l -> l.stepCompleted(metrics));
    }

    @Override
    public void evalCompleted(EvalMetrics metrics) {
        listeners.forEach(l -> l.evalCompleted(metrics));
    }

    @Override
    public void checkpointSaved(int step, Path dir) {
        listeners.forEach(l -> l.checkpointSaved(step, dir));
    }

    @Override
    public void runPaused(int step) {
        listeners.forEach(l -> l.runPaused(step));
    }

    @Override
    public void runResumed(int step) {
        listeners.forEach(l -> l.runResumed(step));
    }

    @Override
    public void runFinished(RunSummary summary) {
        listeners.forEach(l -> l.runFinished(summary));
    }

    @Override
    public void runFailed(String message, Throwable cause) {
        listeners.forEach(l -> l.runFailed(message, cause));
    }
}
