package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.StepMetrics;

/**
 * However fast the run reports, the monitor applies at most one batch per 100 ms: counted with
 * the real pacer, from a real background thread, with each batch timed as it starts.
 */
class MonitorBatchingTest {

    private final List<Long> publishedAt = new ArrayList<>();
    private final List<Long> deliveredAt = new ArrayList<>();
    /** Every FX update of this monitor is a publish: it is only ever given batches here. */
    private final RunMonitor monitor = new RunMonitor(work -> {
        work.run();
        record(publishedAt);
    }, (task, delayMillis) -> Pacer.DEFAULT.schedule(() -> {
        record(deliveredAt);
        task.run();
    }, delayMillis));

    private static void record(List<Long> times) {
        synchronized (times) {
            times.add(System.nanoTime());
        }
    }

    @Test
    void twoThousandStepsAtFullSpeedArriveInAFewBatches() throws Exception {
        monitor.startLive("burst");
        feed(monitor.listener(), 2000, 0);
        awaitPoints(2000);
        assertTrue(times(publishedAt).size() <= 3, "published " + times(publishedAt).size() + " times");
        assertInOrder(monitor.liveCurves().loss, 2000);
    }

    @Test
    void aSteadyStreamIsPublishedAboutTenTimesASecondAndNoMore() throws Exception {
        monitor.startLive("steady");
        long start = System.nanoTime();
        feed(monitor.listener(), 2000, 600_000); // 2,000 steps over 1.2 s or more
        awaitPoints(2000);
        double seconds = (System.nanoTime() - start) / 1e9;

        int published = times(publishedAt).size();
        assertTrue(published <= seconds * 10 + 2, published + " publishes in " + seconds + " s");
        assertTrue(published >= seconds * 10 / 3, "updates keep coming while the run goes: "
                + published + " publishes in " + seconds + " s");
        List<Long> starts = times(deliveredAt);
        for (int i = 1; i < starts.size(); i++) {
            double gapMs = (starts.get(i) - starts.get(i - 1)) / 1e6;
            assertTrue(gapMs >= 99, "batches " + gapMs + " ms apart");
        }
        assertInOrder(monitor.liveCurves().loss, 2000);
    }

    /** Reports steps from a thread of their own, as a run does. */
    private static void feed(RunListener listener, int steps, long pauseNanos) throws InterruptedException {
        Thread run = new Thread(() -> {
            for (int s = 1; s <= steps; s++) {
                listener.stepCompleted(new StepMetrics(s, steps, s / 100.0, 10.0 / s, 1e-4, 1, 500, s * 0.01));
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
        }, "fake-run");
        run.start();
        run.join();
    }

    private void awaitPoints(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (monitor.liveCurves().loss.getDataCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(250); // any publish still due would land now and be counted
        assertEquals(n, monitor.liveCurves().loss.getDataCount());
    }

    private static List<Long> times(List<Long> times) {
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    private static void assertInOrder(DataSet d, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, d.get(DataSet.DIM_X, i), "step at " + i);
        }
    }

}
