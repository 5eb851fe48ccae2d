package tunebench.app.train;

import java.nio.file.Files;
import java.nio.file.Path;
import tunebench.app.AppTask;
import tunebench.app.Workbench;
import tunebench.engine.model.ModelInfo;

/**
 * The headers of the model folder the form names (shapes and parameter count, no weights),
 * for the trainable-parameter count and the target-module checklist. The Model screen's
 * reading is reused when it is the same folder; another folder is read in the background,
 * and a reading that arrives after the path changed again is dropped.
 */
final class ModelHeaders {

    private final Workbench workbench;
    private final Runnable changed;
    private Path folder;
    private ModelInfo info;
    private String error;
    private int generation;

    /** @param changed called on the FX thread when a reading arrives or fails */
    ModelHeaders(Workbench workbench, Runnable changed) {
        this.workbench = workbench;
        this.changed = changed;
        workbench.model().infoProperty().addListener((obs, was, now) -> {
            forget();
            changed.run();
        });
    }

    /** Reads the folder unless it is the one already read (or being read). */
    void follow(Path dir) {
        if (dir == null ? folder == null : dir.equals(folder)) {
            return;
        }
        folder = dir;
        info = null;
        error = null;
        int mine = ++generation;
        ModelInfo open = workbench.model().infoProperty().get();
        if (dir == null || !Files.isRegularFile(dir.resolve("config.json"))) {
            return;
        }
        if (open != null && dir.equals(open.folder().dir().toAbsolutePath().normalize())) {
            info = open;
            return;
        }
        workbench.runner().submit(AppTask.of(() -> ModelInfo.inspect(dir))
                .onSuccess(read -> arrived(mine, read, null))
                .onFailure(e -> arrived(mine, null, e.getMessage() == null
                        ? "cannot be read (" + e.getClass().getSimpleName() + ")" : e.getMessage())));
    }

    private void arrived(int mine, ModelInfo read, String why) {
        if (mine != generation) {
            return;
        }
        info = read;
        error = why;
        changed.run();
    }

    /** Reads the folder again on the next {@link #follow}. */
    void forget() {
        folder = null;
        info = null;
        error = null;
        generation++;
    }

    /** The headers, or null while unknown. */
    ModelInfo info() {
        return info;
    }

    /** Why the folder could not be read, or null. */
    String error() {
        return error;
    }
}
