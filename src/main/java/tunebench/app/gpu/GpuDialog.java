package tunebench.app.gpu;

import java.io.File;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import tunebench.app.Workbench;
import tunebench.app.gpu.GpuViewModel.CandidateRow;
import tunebench.app.gpu.GpuViewModel.DownloadState;

/**
 * The GPU dialog: the NVIDIA driver and GPUs, the CUDA libtorch folders found and why each is
 * usable or not, "Use a libtorch folder…", the consented download with progress and cancel,
 * and what the engine uses now. Non-modal, so a long download does not lock the workbench.
 */
public final class GpuDialog extends Dialog<Void> {

    private final GpuViewModel vm;

    public GpuDialog(GpuViewModel vm) {
        this.vm = vm;
        setTitle("GPU");
        setHeaderText("NVIDIA GPU and CUDA libtorch");
        setResizable(true);
        getDialogPane().setId("gpu-dialog");
        getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        getDialogPane().setContent(new VBox(14, driverSection(), libtorchSection(), downloadSection(),
                text("gpu-now", vm.nowProperty())));
        getDialogPane().setPrefWidth(680);
        // Closing while downloading cancels: nothing half-installed stays behind.
        setOnHidden(e -> vm.cancelDownload());
    }

    /** Opens the dialog for this workbench, asking the driver again. */
    public static GpuDialog open(Window owner, Workbench workbench) {
        GpuViewModel vm = new GpuViewModel(workbench.runner(), Platform::runLater, GpuSources.ofThisMachine(),
                new SavedLibtorch(workbench.prefs()));
        GpuDialog dialog = new GpuDialog(vm);
        if (owner != null) {
            dialog.initOwner(owner);
            if (owner.getScene() != null) {
                dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
            }
        }
        vm.refresh();
        dialog.show();
        return dialog;
    }

    private VBox driverSection() {
        Label problem = text("gpu-problem", vm.problemProperty());
        problem.getStyleClass().add("field-problem");
        ListView<String> gpus = new ListView<>(vm.gpus());
        gpus.setId("gpu-list");
        gpus.setPrefHeight(60);
        gpus.setPlaceholder(new Label("No GPU listed"));
        return section("NVIDIA driver", text("gpu-driver", vm.driverProperty()), problem, gpus);
    }

    private VBox libtorchSection() {
        ListView<CandidateRow> list = new ListView<>(vm.candidates());
        list.setId("gpu-candidates");
        list.setPrefHeight(100);
        list.setPlaceholder(new Label("No CUDA libtorch folder found"));
        list.setCellFactory(v -> new CandidateCell());
        Button use = new Button("Use a libtorch folder…");
        use.setId("gpu-use-folder");
        use.setTooltip(new Tooltip("The lib folder of a PyTorch 2.7.1+cu128 install, e.g. …/site-packages/torch/lib"));
        use.setOnAction(e -> chooseFolder());
        Button forget = new Button("Forget saved folder");
        forget.setId("gpu-forget-folder");
        forget.setOnAction(e -> vm.forgetFolder());
        forget.disableProperty().bind(vm.savedTextProperty().isEqualTo("No folder saved."));
        Label message = text("gpu-message", vm.messageProperty());
        return section("CUDA libtorch", list, text("gpu-candidates-note", vm.candidatesNoteProperty()),
                new HBox(8, use, forget), text("gpu-saved", vm.savedTextProperty()), message);
    }

    private VBox downloadSection() {
        Button download = new Button("Download CUDA libtorch (" + GpuViewModel.DOWNLOAD_SIZE + ")…");
        download.setId("gpu-download");
        download.setOnAction(e -> askConsent());
        download.disableProperty().bind(vm.downloadStateProperty().isEqualTo(DownloadState.RUNNING));
        Button cancel = new Button("Cancel download");
        cancel.setId("gpu-cancel-download");
        cancel.setOnAction(e -> vm.cancelDownload());
        cancel.visibleProperty().bind(vm.downloadStateProperty().isEqualTo(DownloadState.RUNNING));
        cancel.managedProperty().bind(cancel.visibleProperty());
        ProgressBar bar = new ProgressBar();
        bar.setId("gpu-download-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.progressProperty().bind(vm.downloadProgressProperty());
        bar.visibleProperty().bind(vm.downloadStateProperty().isEqualTo(DownloadState.RUNNING));
        bar.managedProperty().bind(bar.visibleProperty());
        Label result = text("gpu-download-text", vm.downloadTextProperty());
        result.getStyleClass().removeAll("muted");
        return section("Download", new HBox(8, download, bar, cancel), result);
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("CUDA libtorch folder (holds libtorch_cuda.so or torch_cuda.dll)");
        File dir = chooser.showDialog(getDialogPane().getScene().getWindow());
        if (dir != null) {
            vm.useFolder(dir.toPath());
        }
    }

    /** The explicit consent step: nothing is fetched without Download in this question. */
    private void askConsent() {
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION);
        ask.setTitle("Download CUDA libtorch");
        ask.initOwner(getDialogPane().getScene().getWindow());
        ask.setHeaderText("Download CUDA libtorch (" + GpuViewModel.DOWNLOAD_SIZE + ")?");
        ask.setContentText(vm.consentText());
        ask.getDialogPane().setId("gpu-consent");
        ButtonType go = new ButtonType("Download", ButtonBar.ButtonData.OK_DONE);
        ask.getButtonTypes().setAll(go, ButtonType.CANCEL);
        ask.getDialogPane().setPrefWidth(520);
        ask.showAndWait().filter(go::equals).ifPresent(b -> vm.download());
    }

    private static VBox section(String title, javafx.scene.Node... nodes) {
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        heading.setStyle("-fx-font-weight: bold");
        VBox box = new VBox(6, heading);
        box.getChildren().addAll(nodes);
        return box;
    }

    /** A wrapping label that takes no room while empty. */
    private static Label text(String id, ObservableStringValue value) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE); // wrap onto more lines rather than cut with "…"
        l.textProperty().bind(value);
        l.visibleProperty().bind(Bindings.isNotEmpty(value));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** "DJL cache  /home/u/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64 — usable (2.7.1+cu128)". */
    private static final class CandidateCell extends ListCell<CandidateRow> {
        @Override
        protected void updateItem(CandidateRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText((row.usable() ? "✔ " : "✘ ") + row.source() + ": " + row.dir() + " — " + row.verdict());
            setTooltip(new Tooltip(row.dir() + "\n" + row.verdict()));
        }
    }
}
