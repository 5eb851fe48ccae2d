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

    default void evalCompleted(EvalMetrics metrics) {}

    default void checkpointSaved(int step, Path dir) {}

    default void runPaused(int step) {}

    default void runResumed(int step) {}

    default void runFinished(RunSummary summary) {}

    default void runFailed(String message, Throwable cause) {}
}
