package tunebench.app.dataset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Autosave's threads for view-model tests: disk and FX work at once, timers when the test says. */
final class ManualThreads implements Autosave.Threads {

    final List<Runnable> timers = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();

    @Override
    public Runnable later(Duration delay, Runnable task) {
        timers.add(task);
        delays.add(delay);
        return () -> timers.remove(task);
    }

    /** The debounce wait ends: every timer still pending fires. */
    void elapse() {
        List<Runnable> due = List.copyOf(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Override
    public void disk(Runnable work) {
        work.run();
    }

    @Override
    public <T> T diskAndWait(Callable<T> work) throws Exception {
        return work.call();
    }

    @Override
    public void fx(Runnable work) {
        work.run();
    }
}
