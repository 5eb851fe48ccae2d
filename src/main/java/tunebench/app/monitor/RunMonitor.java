package tunebench.app.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import tunebench.engine.train.RunListener;

/**
 * CONTRACT SKELETON (the monitor helper fills it in; these signatures are fixed because the
 * Train screen codes against them; more may be added). Until then it does nothing.
 *
 * View-model of the live monitor: the series the charts draw (training loss raw and smoothed,
 * eval loss, eval perplexity, learning rate, gradient norm, tokens/s), progress with ETA, the
 * probe outputs of each evaluation as a timeline, and past runs overlaid.
 */
public final class RunMonitor {

    /**
     * @param fx where FX-thread updates run: {@code Platform::runLater} in the app,
     *     {@code Runnable::run} in view-model tests
     */
    public RunMonitor(Executor fx) {}

    /**
     * The listener to hand to {@code TrainingRun.run}: safe to call from the run's thread;
     * updates reach the FX thread coalesced, at most about 10 times a second.
     */
    public RunListener listener() {
        return RunListener.NONE;
    }

    /** Clears the live series before a new run named {@code runName} starts. */
    public void startLive(String runName) {}

    /** Loads a past run folder (its metrics.jsonl) as an overlay on the same charts. */
    public void addOverlay(Path runDir) throws IOException {}
}
