package tunebench.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;

/**
 * Runs tasks on daemon threads, so an open dialog or a slow disk never keeps the JVM alive
 * after the window closes. Task handlers still run on the FX thread, as JavaFX guarantees.
 */
public final class BackgroundTaskRunner implements TaskRunner {

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(work -> {
        Thread t = new Thread(work, "tunebench-task-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    public void submit(Task<?> task) {
        if (executor.isShutdown()) {
            return; // the window has closed: a late refresh has nobody to show its result to
        }
        executor.execute(task);
    }

    public void shutdown() {
        executor.shutdownNow();
    }
}
