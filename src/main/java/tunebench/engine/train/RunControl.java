package tunebench.engine.train;

/**
 * Pause, resume and stop requests from another thread (the GUI's buttons, the CLI's Ctrl-C),
 * honoured between optimizer steps. A stopped run writes a checkpoint before it returns.
 */
public final class RunControl {

    private boolean paused;
    private boolean stopRequested;
    private boolean finished;

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public synchronized void stop() {
        stopRequested = true;
        notifyAll();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public synchronized boolean stopRequested() {
        return stopRequested;
    }

    /** Blocks while paused; returns true if the run should stop. */
    synchronized boolean awaitGo() throws InterruptedException {
        while (paused && !stopRequested) {
            wait();
        }
        return stopRequested;
    }

    synchronized void markFinished() {
        finished = true;
        notifyAll();
    }

    /** Waits until the run has returned (for a shutdown hook that must let it checkpoint). */
    public synchronized boolean awaitFinished(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!finished) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
