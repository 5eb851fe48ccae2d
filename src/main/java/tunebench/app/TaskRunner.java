package tunebench.app;

import javafx.concurrent.Task;

/**
 * Where view-models send slow work, so none of it runs on the FX thread. The app uses
 * {@link BackgroundTaskRunner}; view-model tests use {@link CurrentThreadTaskRunner}
 * (JabRef's TaskExecutor and its current-thread twin).
 */
public interface TaskRunner {

    void submit(Task<?> task);
}
