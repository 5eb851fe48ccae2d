package tunebench.app.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries events from the run's thread to the pacer's thread in batches, at most one batch per
 * {@link #INTERVAL_MILLIS}, whatever the step rate: the run only appends to a lock-free queue,
 * and the first event after a delivery schedules the next one. So the charts change (and
 * redraw) at most about ten times a second, nothing happens while the run is quiet, and no
 * event waits longer than one interval.
 *
 * <p>Batches are applied on the pacer's thread, not the FX thread, because that is where
 * ChartFX wants dataset writes: a chart holds its datasets' read locks from its pre-layout to
 * its post-layout hook, which may span a runLater (a chart newly added to a scene locks at once
 * and unlocks at the next pulse), so a write on the FX thread can wait for itself forever.
 */
final class EventFeed {

    static final long INTERVAL_MILLIS = 100;

    private final Queue<RunEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Pacer pacer;
    private final Consumer<List<RunEvent>> sink;
    private volatile long lastDeliveryNanos = System.nanoTime() - INTERVAL_MILLIS * 1_000_000;

    /** @param sink takes each batch, in order, on the pacer's thread */
    EventFeed(Pacer pacer, Consumer<List<RunEvent>> sink) {
        this.pacer = pacer;
        this.sink = sink;
    }

    /** From any thread. */
    void offer(RunEvent event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            long sinceLast = (System.nanoTime() - lastDeliveryNanos) / 1_000_000;
            pacer.schedule(this::deliver, Math.max(0, INTERVAL_MILLIS - sinceLast));
        }
    }

    /** Hands everything queued so far to the sink; on the pacer's thread (one at a time). */
    synchronized void deliver() {
        // The time first, then the flag: an event offered in between must not see an old time
        // and schedule a second delivery at once.
        lastDeliveryNanos = System.nanoTime();
        scheduled.set(false);
        List<RunEvent> batch = new ArrayList<>();
        for (RunEvent e = queue.poll(); e != null; e = queue.poll()) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
