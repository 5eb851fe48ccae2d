package tunebench.engine.train;

import tunebench.engine.runtime.OutOfMemoryAdvice;
import tunebench.engine.train.config.RunConfig;

/** A run that cannot go on, with a message that says what to change. */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The engine (or memory) failed under a run: out of memory becomes advice for this run's
     * settings ({@link OutOfMemoryAdvice}); anything else keeps the engine's own words.
     *
     * @param step the step that was running (from 1), or 0 before the first
     */
    static TrainingException engineFailed(Throwable failure, RunConfig config, int step) {
        return OutOfMemoryAdvice.explain(failure, config, step)
                .map(advice -> new TrainingException(advice, failure))
                .orElseGet(() -> new TrainingException("The engine failed: " + failure.getMessage(), failure));
    }

    /** Out of memory anywhere in the chain: the same advice; empty for other failures. */
    static java.util.Optional<TrainingException> ifOutOfMemory(Throwable failure, RunConfig config, int step) {
        return OutOfMemoryAdvice.explain(failure, config, step).map(advice -> new TrainingException(advice, failure));
    }

    /**
     * Passes a run's events on and remembers which step is running, for the failure's message.
     * Forwards every RunListener method: one added there must be added here too.
     */
    static final class StepWatch implements RunListener {
        private final RunListener inner;
        private volatile int running;
        private volatile int total = Integer.MAX_VALUE;

        StepWatch(RunListener inner) {
            this.inner = inner;
        }

        /** The step under way (from 1), or 0 before the run started. */
        int running() {
            return running;
        }

        @Override
        public void runStarted(RunInfo info) {
            total = info.totalSteps();
            running = Math.min(info.startStep() + 1, total);
            inner.runStarted(info);
        }

        @Override
        public void stepCompleted(StepMetrics metrics) {
            running = Math.min(metrics.step() + 1, total); // the final evaluation counts as the last step
            inner.stepCompleted(metrics);
        }

        @Override
        public void stepSkipped(int step, String note, double lossScale) {
            inner.stepSkipped(step, note, lossScale);
        }

        @Override
        public void evalCompleted(EvalMetrics metrics) {
            inner.evalCompleted(metrics);
        }

        @Override
        public void checkpointSaved(int step, java.nio.file.Path dir) {
            inner.checkpointSaved(step, dir);
        }

        @Override
        public void runPaused(int step) {
            inner.runPaused(step);
        }

        @Override
        public void runResumed(int step) {
            inner.runResumed(step);
        }

        @Override
        public void runFinished(RunSummary summary) {
            inner.runFinished(summary);
        }

        @Override
        public void runFailed(String message, Throwable cause) {
            inner.runFailed(message, cause);
        }
    }
}
