package tunebench.app.model;

import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import javafx.stage.DirectoryChooser;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import tunebench.app.ErrorDialog;
import tunebench.app.RecentFolders;
import tunebench.app.Screen;

/**
 * The Model screen, built in code: an Open button and the Recent list on the left, and a card
 * that shows a hint, a spinner while a folder is read, or the model's details.
 */
public final class ModelView extends BorderPane implements Screen {

    private final ModelViewModel vm;
    private final RecentFolders folders;
    private final GridPane grid = new GridPane();
    private final java.util.function.Consumer<javafx.stage.Window> openGpu;

    public ModelView(ModelViewModel vm, RecentFolders folders) {
        this(vm, folders, null);
    }

    /** @param openGpu opens the GPU dialog over this window; null hides the GPU button */
    public ModelView(ModelViewModel vm, RecentFolders folders,
            java.util.function.Consumer<javafx.stage.Window> openGpu) {
        this.vm = vm;
        this.folders = folders;
        this.openGpu = openGpu;
        getStyleClass().add("model-view");
        setTop(header());
        setLeft(recentPane());
        setCenter(card());
        vm.details().addListener((ListChangeListener<ModelDetail>) c -> fillGrid());
        vm.errorMessageProperty().addListener((obs, old, message) -> {
            if (message != null) {
                ErrorDialog.show(getScene() == null ? null : getScene().getWindow(), message,
                        vm.errorReasonProperty().get(), vm.errorDetailsProperty().get());
                vm.dismissError();
            }
        });
    }

    /** Asks for a model folder and opens it (the Open button and Ctrl+O). */
    public void chooseFolder() {
        if (vm.busyProperty().get()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open model folder");
        chooser.setInitialDirectory(folders.initialDirectory("model"));
        File chosen = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            folders.remember("model", chosen.getParentFile());
            vm.open(chosen.toPath());
        }
    }

    @Override
    public Node node() {
        return this;
    }

    @Override
    public Map<KeyCombination, Runnable> shortcuts() {
        return Map.of(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN),
                this::chooseFolder);
    }

    private VBox header() {
        Label title = new Label("Model");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label("A Hugging Face model folder: config.json and"
                + " model.safetensors (or its shards).");
        subtitle.getStyleClass().add("muted");
        Button open = new Button("Open model folder…");
        open.setId("open-model");
        open.setDefaultButton(true);
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.setTooltip(new Tooltip("Choose a model folder (Ctrl+O)"));
        open.disableProperty().bind(vm.busyProperty());
        open.setOnAction(e -> chooseFolder());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(12, new VBox(4, title, subtitle), spacer);
        if (openGpu != null) {
            Button gpu = new Button("GPU…");
            gpu.setId("open-gpu");
            gpu.setMinWidth(Region.USE_PREF_SIZE);
            gpu.setTooltip(new Tooltip("NVIDIA driver, CUDA libtorch and where models run"));
            gpu.setOnAction(e -> openGpu.accept(getScene() == null ? null : getScene().getWindow()));
            row.getChildren().add(gpu);
        }
        row.getChildren().add(open);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(row);
        box.getStyleClass().add("page-header");
        return box;
    }

    private VBox recentPane() {
        Label heading = new Label("Recent");
        heading.getStyleClass().add("section-title");
        ListView<RecentModel> list = new ListView<>(vm.recent());
        list.setId("recent-models");
        list.getStyleClass().add("recent-list");
        list.setPlaceholder(new Label("Model folders you open\nwill be listed here."));
        list.setCellFactory(v -> new RecentCell());
        list.setOnKeyPressed(e -> {
            RecentModel item = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && item != null) {
                vm.open(item.folder());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(8, heading, list);
        box.getStyleClass().add("recent-pane");
        return box;
    }

    private StackPane card() {
        Label emptyTitle = new Label("No model open");
        emptyTitle.getStyleClass().add("section-title");
        Label emptyHint = new Label("Click “Open model folder…” (Ctrl+O) or pick a model"
                + " from Recent to see its shape, size and the memory it needs.");
        emptyHint.getStyleClass().add("muted");
        emptyHint.setWrapText(true);
        emptyHint.setTextAlignment(TextAlignment.CENTER);
        VBox empty = new VBox(6, emptyTitle, emptyHint);
        empty.setAlignment(Pos.CENTER);
        empty.setMaxWidth(420);
        empty.visibleProperty().bind(vm.infoProperty().isNull().and(vm.busyProperty().not()));

        ProgressIndicator spinner = new ProgressIndicator();
        Label busyLabel = new Label();
        busyLabel.textProperty().bind(vm.busyTextProperty());
        VBox busy = new VBox(12, spinner, busyLabel);
        busy.setAlignment(Pos.CENTER);
        busy.visibleProperty().bind(vm.busyProperty());

        Label name = new Label();
        name.setId("model-name");
        name.getStyleClass().add("model-name");
        name.textProperty().bind(vm.modelNameProperty());
        Label path = new Label();
        path.getStyleClass().addAll("muted", "model-path");
        path.textProperty().bind(vm.folderProperty());
        path.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(vm.folderProperty().get()), vm.folderProperty()));
        grid.setId("model-details");
        grid.getStyleClass().add("details-grid");
        grid.getColumnConstraints().addAll(new ColumnConstraints(150), new ColumnConstraints());
        VBox details = new VBox(4, name, path, grid);
        VBox.setMargin(grid, new Insets(16, 0, 0, 0));
        details.visibleProperty().bind(vm.infoProperty().isNotNull().and(vm.busyProperty().not()));

        StackPane card = new StackPane(empty, busy, details);
        StackPane.setAlignment(details, Pos.TOP_LEFT);
        card.getStyleClass().add("card");
        return card;
    }

    private void fillGrid() {
        grid.getChildren().clear();
        int row = 0;
        for (ModelDetail d : vm.details()) {
            Label label = new Label(d.label());
            label.getStyleClass().add("detail-label");
            Label value = new Label(d.value());
            value.getStyleClass().add("detail-value");
            Label note = new Label(d.note());
            note.getStyleClass().addAll("muted", "detail-note");
            grid.addRow(row++, label, new HBox(10, value, note));
        }
    }

    /** Folder name on top, its path underneath; a click opens it. */
    private final class RecentCell extends ListCell<RecentModel> {

        private final Label name = new Label();
        private final Label path = new Label();
        private final VBox box = new VBox(2, name, path);

        RecentCell() {
            name.getStyleClass().add("recent-name");
            path.getStyleClass().addAll("muted", "recent-path");
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && getItem() != null) {
                    vm.open(getItem().folder());
                }
            });
        }

        @Override
        protected void updateItem(RecentModel item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText(item.name());
            path.setText(item.bundled() ? "ships with Tunebench · " + item.folder().getFileName()
                    : String.valueOf(item.folder().getParent()));
            setGraphic(box);
            setTooltip(new Tooltip(item.folder().toString()));
        }
    }
}
