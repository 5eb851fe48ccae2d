package tunebench.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Carries a worker's updates to the FX thread in order, without a Platform.runLater per
 * token: frequent updates ({@link #post}) wait in a batch that goes over at most every
 * {@code interval} (about 20 times a second), rare ones ({@link #postNow}) take the batch
 * with them at once. A batch runs on the FX thread as one pass, so a column's text grows by
 * all its new tokens in one layout.
 */
final class FxQueue {

    private final Executor fx;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final List<Runnable> pending = new ArrayList<>();
    private boolean scheduled;
    private long lastScheduled = Long.MIN_VALUE / 2;

    /** @param fx Platform::runLater in the app, Runnable::run in tests */
    FxQueue(Executor fx, long intervalMillis) {
        this(fx, intervalMillis, System::nanoTime);
    }

    FxQueue(Executor fx, long intervalMillis, LongSupplier clock) {
        this.fx = fx;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = clock;
    }

    /** Queues an update; it goes over with the next batch, at the latest with the next postNow. */
    void post(Runnable update) {
        boolean send;
        synchronized (this) {
            pending.add(update);
            send = !scheduled && clock.getAsLong() - lastScheduled >= intervalNanos;
            scheduled |= send;
            if (send) {
                lastScheduled = clock.getAsLong();
            }
        }
        if (send) {
            fx.execute(this::drain);
        }
    }

    /** Queues an update and sends everything waiting now. */
    void postNow(Runnable update) {
        boolean send;
        synchronized (this) {
            pending.add(update);
            send = !scheduled;
            scheduled = true;
            lastScheduled = clock.getAsLong();
        }
        if (send) {
            fx.execute(this::drain);
        }
    }

    /** Whether updates wait to be sent (for tests). */
    synchronized int waiting() {
        return pending.size();
    }

    private void drain() {
        List<Runnable> batch;
        synchronized (this) {
            batch = new ArrayList<>(pending);
            pending.clear();
            scheduled = false;
        }
        batch.forEach(Runnable::run);
    }
}
