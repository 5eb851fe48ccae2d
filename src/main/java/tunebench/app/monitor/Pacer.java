package tunebench.app.monitor;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay, for {@link EventFeed}'s batching. The app shares one daemon
 * thread for every monitor (it only ever sleeps and then posts to the FX thread); view-model
 * tests pass a pacer they fire by hand.
 */
interface Pacer {

    void schedule(Runnable task, long delayMillis);

    Pacer DEFAULT = new Pacer() {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tunebench-monitor-pacer");
            t.setDaemon(true);
            return t;
        });

        @Override
        public void schedule(Runnable task, long delayMillis) {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    };
}
