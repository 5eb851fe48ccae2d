package tunebench.app.dataset;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import tunebench.app.ErrorDialog;
import tunebench.app.RecentFolders;

/**
 * The Dataset screen, built in code: a header with the file and its actions, a toolbar for
 * rows, undo and the filter, then the table over the problems list on the left and the editor
 * of the selected example on the right.
 */
public final class DatasetView extends BorderPane {

    private final DatasetViewModel vm;
    private final DatasetFiles files;
    private final RecentFolders folders;
    private final RecordTable table;
    private final RecordEditor editor;
    private final LengthHistogram lengths;
    private final StatsViewModel statsModel;
    private final FixActions fixes;
    private final TextField filter = new TextField();

    public DatasetView(DatasetViewModel vm, RecentFolders folders) {
        this.vm = vm;
        this.files = vm.files();
        this.folders = folders;
        this.table = new RecordTable(vm);
        ModelTokenizer tokens = new ModelTokenizer(vm.workbench);
        this.editor = new RecordEditor(vm, new PreviewViewModel(vm, tokens, PreviewViewModel.DELAY));
        LengthsViewModel counts = new LengthsViewModel(vm, tokens, LengthsViewModel.DELAY, Platform::runLater);
        this.lengths = new LengthHistogram(counts);
        this.statsModel = new StatsViewModel(vm, tokens, StatsViewModel.DELAY, Platform::runLater);
        this.fixes = new FixActions(vm, new FileChecks(vm, counts, FileChecks.DELAY));
        getStyleClass().add("dataset-view");
        getStylesheets().add(DatasetView.class.getResource("dataset.css").toExternalForm());
        setTop(new VBox(header(), new RecoveryBanner(files.autosave()), toolbar(),
                FixMenu.messageBar(fixes, this::openWhenSaved)));
        setCenter(body());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> editor.show(now));
        vm.setOnShowRows(table::show);
        files.errorMessageProperty().addListener((obs, old, message) -> {
            if (message != null) {
                ErrorDialog.show(window(), message, files.errorReasonProperty().get(),
                        files.errorDetailsProperty().get());
                files.dismissError();
            }
        });
    }

    // ---- actions (buttons and shortcuts) ----

    /** Asks for a dataset file and opens it, after offering to save unsaved changes. */
    public void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open dataset");
        chooser.setInitialDirectory(folders.initialDirectory("dataset"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (*.json, *.jsonl)", "*.json", "*.jsonl"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File chosen = chooser.showOpenDialog(window());
        if (chosen != null) {
            folders.remember("dataset", chosen);
            openWhenSaved(chosen.toPath());
        }
    }

    /** Opens the file, first asking what to do with unsaved changes; false when cancelled. */
    public boolean openWhenSaved(Path file) {
        return whenSaved("before opening " + file.getFileName(), () -> files.open(file));
    }

    public void save() {
        if (files.fileProperty().get() != null) {
            files.save(null);
        }
    }

    public void saveAs() {
        Path current = files.fileProperty().get();
        if (current == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save dataset as");
        chooser.setInitialDirectory(current.getParent().toFile());
        chooser.setInitialFileName(current.getFileName().toString());
        FileChooser.ExtensionFilter array = new FileChooser.ExtensionFilter("JSON array (*.json)", "*.json");
        FileChooser.ExtensionFilter lines = new FileChooser.ExtensionFilter("JSON Lines (*.jsonl)", "*.jsonl");
        chooser.getExtensionFilters().addAll(array, lines);
        boolean isLines = current.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        chooser.setSelectedExtensionFilter(isLines ? lines : array);
        File chosen = chooser.showSaveDialog(window());
        if (chosen != null) {
            folders.remember("dataset", chosen);
            String name = chosen.getName().toLowerCase(Locale.ROOT);
            boolean named = name.endsWith(".json") || name.endsWith(".jsonl");
            // GTK's chooser does not add the extension of the chosen filter.
            String ext = chooser.getSelectedExtensionFilter() == lines ? ".jsonl" : ".json";
            files.saveAs(named ? chosen.toPath() : Path.of(chosen.getPath() + ext), null);
        }
    }

    public void addRow() {
        vm.addRow(table.getSelectionModel().getSelectedItem());
    }

    public void duplicateSelected() {
        vm.duplicateRows(List.copyOf(table.getSelectionModel().getSelectedItems()));
    }

    public void deleteSelected() {
        vm.deleteRows(List.copyOf(table.getSelectionModel().getSelectedItems()));
    }

    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    /** Whether the table (not a text field) has the keyboard: the Delete key deletes rows. */
    boolean tableFocused() {
        return table.isFocused();
    }

    /** Sends training to the Train screen, which reads the file: offers to save first. */
    public void trainOnThis() {
        whenSaved("before training on it", vm::trainOnThis);
    }

    /**
     * Runs {@code next} once the rows are safe: at once when nothing is unsaved, after a save if
     * the user chooses one, or without saving; not at all on Cancel (then it returns false).
     */
    boolean whenSaved(String when, Runnable next) {
        if (!vm.dirtyProperty().get()) {
            next.run();
            return true;
        }
        ButtonType save = new ButtonType("Save", ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "Your edits are lost if you don't save them.", save, discard, ButtonType.CANCEL);
        alert.setTitle("Tunebench");
        alert.setHeaderText("Save the changes to “" + files.fileProperty().get().getFileName() + "” " + when + "?");
        if (window() != null) {
            alert.initOwner(window());
        }
        ButtonType answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == save) {
            files.save(next);
        } else if (answer == discard) {
            files.discardEdits(); // and their autosave
            next.run();
        }
        return answer != ButtonType.CANCEL;
    }

    // ---- layout ----

    private VBox header() {
        Label title = new Label("Dataset");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label();
        subtitle.setId("dataset-subtitle");
        subtitle.getStyleClass().add("muted");
        subtitle.textProperty().bind(Bindings.createStringBinding(() -> files.subtitleProperty().get().isEmpty()
                ? "Training examples in JSON or JSON Lines: Alpaca, chat messages, ShareGPT or plain text."
                : files.subtitleProperty().get(), files.subtitleProperty()));
        Label dirty = new Label("Unsaved changes");
        dirty.setId("dataset-dirty");
        dirty.getStyleClass().add("dirty-marker");
        dirty.visibleProperty().bind(vm.dirtyProperty());
        Button open = button("Open…", "open-dataset", "Open a dataset file (Ctrl+O)", this::chooseFile);
        Button save = button("Save", "save-dataset", "Save to the same file (Ctrl+S)", this::save);
        save.disableProperty().bind(vm.dirtyProperty().not().or(files.savingProperty()));
        Button saveAs = button("Save As…", "save-dataset-as", "Save to another file (Ctrl+Shift+S)", this::saveAs);
        saveAs.disableProperty().bind(files.fileProperty().isNull().or(files.savingProperty()));
        Button train = button("Train on this data", "train-on-dataset",
                "Switch to the Train screen with this file as the training data", this::trainOnThis);
        train.setDefaultButton(true);
        train.disableProperty().bind(files.fileProperty().isNull());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox titles = new VBox(4, title, subtitle);
        HBox.setHgrow(titles, Priority.SOMETIMES);
        HBox row = new HBox(8, titles, spacer, RecoveryBanner.status(files.autosave()), dirty, open, save, saveAs, train);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(row);
        box.getStyleClass().add("page-header");
        return box;
    }

    private HBox toolbar() {
        Button add = button("Add example", "add-row", "A new empty example after the selected one (Ctrl+N)", this::addRow);
        Button duplicate = button("Duplicate", "duplicate-rows", "Copy the selected examples (Ctrl+D)", this::duplicateSelected);
        Button delete = button("Delete", "delete-rows", "Delete the selected examples (Delete)", this::deleteSelected);
        var noSelection = Bindings.isEmpty(table.getSelectionModel().getSelectedItems());
        duplicate.disableProperty().bind(noSelection);
        delete.disableProperty().bind(noSelection);
        add.disableProperty().bind(files.fileProperty().isNull());
        Button undo = button("Undo", "undo", "", vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(vm.undoTextProperty().get() + " (Ctrl+Z)"), vm.undoTextProperty()));
        Button redo = button("Redo", "redo", "", vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        redo.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(vm.redoTextProperty().get() + " (Ctrl+Shift+Z or Ctrl+Y)"), vm.redoTextProperty()));
        filter.setId("dataset-filter");
        filter.setPromptText("Filter examples (Ctrl+F)");
        filter.setPrefColumnCount(16);
        filter.textProperty().bindBidirectional(vm.filterProperty());
        ToggleButton problemsOnly = new ToggleButton("Problems only");
        problemsOnly.setId("problems-only");
        problemsOnly.setMinWidth(Region.USE_PREF_SIZE); // never "Problems o..."
        problemsOnly.selectedProperty().bindBidirectional(vm.problemsOnlyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, add, duplicate, delete, new Separator(Orientation.VERTICAL), undo, redo,
                new Separator(Orientation.VERTICAL), FixMenu.button(fixes, new FixDialogs(fixes, this::window)), spacer, filter, FilterBoxes.kind(vm), FilterBoxes.category(vm), problemsOnly);
        bar.getStyleClass().add("dataset-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private SplitPane body() {
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> files.busyProperty().get()
                ? files.busyTextProperty().get()
                : files.fileProperty().get() == null ? "No dataset open. Click “Open…” (Ctrl+O) to open a JSON or JSON Lines file."
                : vm.rows().isEmpty() ? "This file holds no examples yet. Click “Add example” (Ctrl+N)."
                : "No example matches the filter.",
                files.busyProperty(), files.busyTextProperty(), files.fileProperty(), vm.rows()));
        table.setPlaceholder(placeholder);
        Label summary = new Label();
        summary.setId("dataset-summary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(vm.summaryProperty());
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox tableBox = new VBox(6, table, summary);
        Tab problemsTab = new Tab("Problems", new ProblemsPane(vm));
        Tab lengthsTab = new Tab("Lengths", lengths);
        lengthsTab.setId("lengths-tab");
        Tab statsTab = new Tab("Stats", new StatsPane(statsModel));
        statsTab.setId("stats-tab");
        statsModel.activeProperty().bind(statsTab.selectedProperty());
        TabPane below = new TabPane(problemsTab, lengthsTab, statsTab);
        below.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane left = new SplitPane(tableBox, below);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.62);
        SplitPane body = new SplitPane(left, editor);
        body.setDividerPositions(0.6);
        body.getStyleClass().add("dataset-body");
        return body;
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        if (!tip.isEmpty()) {
            b.setTooltip(new Tooltip(tip));
        }
        b.setOnAction(e -> action.run());
        return b;
    }

    Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }
}
