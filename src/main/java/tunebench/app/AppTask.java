package tunebench.app;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * A Task made of some work and what to do with its outcome: the handlers run on the FX thread
 * when a {@link BackgroundTaskRunner} runs it, or right away when a
 * {@link CurrentThreadTaskRunner} does (JabRef's BackgroundTask, kept a real JavaFX Task).
 */
public final class AppTask<V> extends Task<V> {

    private final Callable<V> work;
    private Consumer<V> onSuccess = value -> {};
    private Consumer<Throwable> onFailure = error -> {};

    private AppTask(Callable<V> work) {
        this.work = Objects.requireNonNull(work);
    }

    public static <V> AppTask<V> of(Callable<V> work) {
        return new AppTask<>(work);
    }

    public AppTask<V> onSuccess(Consumer<V> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    public AppTask<V> onFailure(Consumer<Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    @Override
    protected V call() throws Exception {
        return work.call();
    }

    @Override
    protected void succeeded() {
        onSuccess.accept(getValue());
    }

    @Override
    protected void failed() {
        onFailure.accept(getException());
    }

    /** Work then handler on this thread; a handler's own exception is not the work's failure. */
    void runInline() {
        V value;
        try {
            value = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(value);
    }
}
