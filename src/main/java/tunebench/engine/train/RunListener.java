package tunebench.engine.train;

import java.nio.file.Path;

/**
 * Hears a training run as it goes: the GUI charts these, the CLI draws its progress bar. Called
 * on the run's own thread with plain numbers and strings (no NDArray leaves that thread);
 * implementations hand work to their own thread. Every method has a no-op default.
 */
public interface RunListener {

    RunListener NONE = new RunListener() {};

    default void runStarted(RunInfo info) {}

    default void stepCompleted(StepMetrics metrics) {}

    /**
     * An FP16 step whose gradients overflowed was skipped (no update) and the loss scale
     * lowered; {@link #stepCompleted} follows with the step's line.
     *
     * @param note a sentence for the log, e.g. "skipped step: gradient overflow, loss scale now 32768"
     */
    default void stepSkipped(int step, String note, double lossScale) {}

    default void evalCompleted(EvalMetrics metrics) {}

    default void checkpointSaved(int step, Path dir) {}

    default void runPaused(int step) {}

    default void runResumed(int step) {}

    default void runFinished(RunSummary summary) {}

    default void runFailed(String message, Throwable cause) {}
}
