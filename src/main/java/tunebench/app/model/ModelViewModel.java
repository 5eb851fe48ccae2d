package tunebench.app.model;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.ErrorDialog;
import tunebench.app.AppTask;
import tunebench.app.TaskRunner;
import tunebench.engine.model.ModelInfo;

/**
 * State of the Model screen as JavaFX properties: the open model and its details, the Recent
 * list, whether a folder is being read, and the last error in words a user understands.
 * Folders are read through the {@link TaskRunner}, never on the FX thread.
 */
public final class ModelViewModel {

    private final TaskRunner runner;
    private final RecentModels recentStore;

    private final ObservableList<RecentModel> recent = FXCollections.observableArrayList();
    private final ObservableList<ModelDetail> details = FXCollections.observableArrayList();
    private final ObservableList<RecentModel> recentView =
            FXCollections.unmodifiableObservableList(recent);
    private final ObservableList<ModelDetail> detailsView =
            FXCollections.unmodifiableObservableList(details);
    private final ReadOnlyObjectWrapper<ModelInfo> info = new ReadOnlyObjectWrapper<>(this, "info");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final ReadOnlyStringWrapper folder = new ReadOnlyStringWrapper(this, "folder", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage");
    private final ReadOnlyStringWrapper errorReason = new ReadOnlyStringWrapper(this, "errorReason");
    private final ReadOnlyStringWrapper errorDetails = new ReadOnlyStringWrapper(this, "errorDetails");

    public ModelViewModel(TaskRunner runner, RecentModels recentStore) {
        this.runner = runner;
        this.recentStore = recentStore;
        refreshRecent();
    }

    /** Reads the folder in the background; ignored while another folder is being read. */
    public void open(Path dir) {
        if (busy.get()) {
            return;
        }
        Path target = dir.toAbsolutePath().normalize();
        busy.set(true);
        busyText.set("Reading " + RecentModel.folderName(target) + "…");
        runner.submit(AppTask.of(() -> ModelInfo.inspect(target))
                .onSuccess(loaded -> opened(target, loaded))
                .onFailure(error -> failed(target, error)));
    }

    /** Re-reads the Recent list, dropping folders that no longer exist. */
    public void refreshRecent() {
        runner.submit(AppTask.of(recentStore::load).onSuccess(recent::setAll));
    }

    /** The view calls this once it has shown the error. */
    public void dismissError() {
        errorMessage.set(null);
        errorReason.set(null);
        errorDetails.set(null);
    }

    private void opened(Path target, ModelInfo loaded) {
        info.set(loaded);
        details.setAll(ModelDetail.of(loaded));
        modelName.set(RecentModel.folderName(target));
        folder.set(target.toString());
        busy.set(false);
        recentStore.remember(target);
        refreshRecent();
    }

    private void failed(Path target, Throwable error) {
        busy.set(false);
        errorReason.set(reason(target, error));
        errorDetails.set(details(target, error));
        errorMessage.set("Could not open “" + RecentModel.folderName(target) + "” as a model.");
    }

    /** One sentence on why, from the engine's message where it wrote one for people. */
    static String reason(Path target, Throwable error) {
        if (error instanceof NoSuchFileException) {
            return "The folder " + target + " does not exist any more.";
        }
        if (error instanceof AccessDeniedException e) {
            return "Tunebench is not allowed to read " + e.getFile() + ".";
        }
        if (error instanceof IOException && error.getMessage() != null) {
            return error.getMessage();
        }
        return "Something unexpected went wrong while reading the folder ("
                + error.getClass().getSimpleName() + "). The details below say more.";
    }

    /** The folder and each cause's type and message; no stack trace. */
    static String details(Path target, Throwable error) {
        return "Folder: " + target + "\n\n" + ErrorDialog.causes(error);
    }

    public ObservableList<RecentModel> recent() {
        return recentView;
    }

    public ObservableList<ModelDetail> details() {
        return detailsView;
    }

    /** The value of the detail row with this label, or null before a model is open. */
    public String detail(String label) {
        return details.stream().filter(d -> d.label().equals(label)).map(ModelDetail::value)
                .findFirst().orElse(null);
    }

    public ReadOnlyObjectProperty<ModelInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty folderProperty() {
        return folder.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty busyTextProperty() {
        return busyText.getReadOnlyProperty();
    }

    /** A headline naming the folder, or null when there is nothing to show. */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorReasonProperty() {
        return errorReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorDetailsProperty() {
        return errorDetails.getReadOnlyProperty();
    }
}
