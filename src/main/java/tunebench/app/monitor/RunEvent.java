package tunebench.app.monitor;

import java.nio.file.Path;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.MetricsHistory;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;

/** What the run's thread reports, queued as immutable values until the FX thread takes them. */
sealed interface RunEvent {

    /** {@link RunMonitor#startLive}: goes through the queue so it orders with the run's events. */
    record Reset(String runName) implements RunEvent {}

    /** The smoothing weight changed: redraw the smoothed curves that still use another. */
    record Resmooth() implements RunEvent {}

    /** The lines a resumed run logged before its checkpoint. */
    record Backfill(MetricsHistory history) implements RunEvent {}

    record Started(RunInfo info) implements RunEvent {}

    record Step(StepMetrics metrics) implements RunEvent {}

    record Eval(EvalMetrics metrics) implements RunEvent {}

    record Checkpoint(int step, Path dir) implements RunEvent {}

    record Paused(int step) implements RunEvent {}

    record Resumed(int step) implements RunEvent {}

    record Finished(RunSummary summary) implements RunEvent {}

    record Failed(String message) implements RunEvent {}
}
