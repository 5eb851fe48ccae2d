package tunebench.app.dataset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import tunebench.app.AppTask;
import tunebench.app.Workbench;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.config.DataSpec;

/**
 * The open model's tokenizer for the Dataset screen's preview and length chart: loaded in the
 * background once per model folder and kept (switching back is instant), and the max length
 * both measure against: a run's default, or the model's context when that is shorter, until
 * the user types another.
 */
final class ModelTokenizer {

    private final Workbench workbench;
    private final Map<Path, TextTokenizer> loaded = new HashMap<>();
    private final ReadOnlyObjectWrapper<TextTokenizer> tokenizer = new ReadOnlyObjectWrapper<>(this, "tokenizer");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final IntegerProperty maxLength = new SimpleIntegerProperty(this, "maxLength", DataSpec.DEFAULT_MAX_LENGTH);
    private Path wanted;

    ModelTokenizer(Workbench workbench) {
        this.workbench = workbench;
        workbench.model().folderProperty().addListener((obs, old, now) -> follow());
        workbench.model().infoProperty().addListener((obs, old, info) -> defaultMaxLength(info));
        defaultMaxLength(workbench.model().infoProperty().get());
        follow();
    }

    /** The tokenizer of the open model; null while none is open, loading, or unreadable. */
    ReadOnlyObjectProperty<TextTokenizer> tokenizerProperty() {
        return tokenizer.getReadOnlyProperty();
    }

    /** Why there is no tokenizer, as a sentence; empty when there is one. */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Tokens a training example may have; longer ones are cut by the run. */
    IntegerProperty maxLengthProperty() {
        return maxLength;
    }

    private void defaultMaxLength(ModelInfo info) {
        if (info != null) {
            maxLength.set(Math.min(DataSpec.DEFAULT_MAX_LENGTH, info.config().maxPositionEmbeddings()));
        }
    }

    private void follow() {
        String folder = workbench.model().folderProperty().get();
        if (folder == null || folder.isEmpty()) {
            wanted = null;
            tokenizer.set(null);
            status.set("No model is open. Open one on the Model screen to see the examples as it will read them.");
            return;
        }
        Path dir = Path.of(folder);
        wanted = dir;
        if (loaded.containsKey(dir)) {
            status.set("");
            tokenizer.set(loaded.get(dir));
            return;
        }
        tokenizer.set(null);
        status.set("Loading the tokenizer of " + dir.getFileName() + "…");
        workbench.runner().submit(AppTask.of(() -> TextTokenizer.load(dir))
                .onSuccess(tok -> {
                    loaded.put(dir, tok);
                    if (dir.equals(wanted)) {
                        status.set("");
                        tokenizer.set(tok);
                    }
                })
                .onFailure(error -> {
                    if (dir.equals(wanted)) {
                        status.set("The tokenizer of " + dir.getFileName() + " cannot be read: "
                                + error.getMessage());
                    }
                }));
    }
}
