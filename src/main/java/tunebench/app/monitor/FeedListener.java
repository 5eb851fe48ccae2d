package tunebench.app.monitor;

import java.io.IOException;
import java.nio.file.Path;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.MetricsHistory;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;

/**
 * The monitor's ear on the run's thread: it turns each call into a queued {@link RunEvent} and
 * returns at once, so a slow screen can never slow training down.
 */
final class FeedListener implements RunListener {

    private final EventFeed feed;

    FeedListener(EventFeed feed) {
        this.feed = feed;
    }

    @Override
    public void runStarted(RunInfo info) {
        feed.offer(new RunEvent.Started(info));
        if (info.startStep() > 0) {
            backfill(info.runDir());
        }
    }

    /**
     * A resumed run reports only its new steps; the lines before its checkpoint are already in
     * metrics.jsonl (trimmed to the checkpoint before runStarted), so the charts start from them.
     */
    private void backfill(Path runDir) {
        try {
            feed.offer(new RunEvent.Backfill(MetricsHistory.readRun(runDir)));
        } catch (IOException e) {
            // without the earlier lines the charts simply start at the resumed step
        }
    }

    @Override
    public void stepCompleted(StepMetrics metrics) {
        feed.offer(new RunEvent.Step(metrics));
    }

    @Override
    public void evalCompleted(EvalMetrics m) {
        feed.offer(new RunEvent.Eval(new EvalMetrics(m.step(), m.evalLoss(), m.evalPpl(),
                java.util.List.copyOf(m.probes()), m.extra())));
    }

    @Override
    public void checkpointSaved(int step, Path dir) {
        feed.offer(new RunEvent.Checkpoint(step, dir));
    }

    @Override
    public void runPaused(int step) {
        feed.offer(new RunEvent.Paused(step));
    }

    @Override
    public void runResumed(int step) {
        feed.offer(new RunEvent.Resumed(step));
    }

    @Override
    public void runFinished(RunSummary summary) {
        feed.offer(new RunEvent.Finished(summary));
    }

    @Override
    public void runFailed(String message, Throwable cause) {
        String text = message != null && !message.isBlank() ? message
                : cause != null ? cause.getClass().getSimpleName() : "unknown error";
        feed.offer(new RunEvent.Failed(text));
    }
}
