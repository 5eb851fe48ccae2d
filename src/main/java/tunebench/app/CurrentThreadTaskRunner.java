package tunebench.app;

import javafx.concurrent.Task;

/**
 * Runs each task to the end on the calling thread, handlers included, so view-models test
 * without a JavaFX toolkit. Only {@link AppTask}s can skip the toolkit; a plain Task still
 * posts its state changes through Platform.runLater and so needs a started toolkit.
 */
public final class CurrentThreadTaskRunner implements TaskRunner {

    @Override
    public void submit(Task<?> task) {
        if (task instanceof AppTask<?> appTask) {
            appTask.runInline();
        } else {
            task.run();
        }
    }
}
