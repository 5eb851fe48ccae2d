package tunebench.app.train;

import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import tunebench.app.ErrorDialog;
import tunebench.app.Screen;
import tunebench.app.Workbench;
import tunebench.app.monitor.MonitorView;
import tunebench.app.monitor.RunMonitor;
import tunebench.engine.train.config.RunPresets;

/**
 * The Train screen: the run's settings on the left (presets, open and save above, Start /
 * Pause / Resume / Stop below), the live monitor on the right. It opens on the sample LoRA
 * recipe with the open model and dataset, so a first run is Train, then Start.
 */
public final class TrainScreen implements Screen {

    private final TrainViewModel vm;
    private final SplitPane root;
    private final Choosers choosers;

    public TrainScreen(Workbench workbench) {
        RunMonitor monitor = new RunMonitor(Platform::runLater);
        vm = new TrainViewModel(workbench, monitor, Platform::runLater);
        BorderPane left = new BorderPane();
        root = new SplitPane();
        choosers = new Choosers(workbench.recentFolders(), root);
        FormControls controls = new FormControls(vm.form(), vm.problems());
        TrainForm form = new TrainForm(vm, controls, choosers);
        // The run keeps the settings it started with: the form is locked while it goes.
        form.disableProperty().bind(active());
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("form-scroll");
        left.setTop(header());
        left.setCenter(scroll);
        left.setBottom(new RunBar(vm));
        left.getStyleClass().add("train-settings");
        root.getItems().addAll(left, new MonitorView(monitor, workbench));
        root.setDividerPositions(0.4);
        SplitPane.setResizableWithParent(left, false);
        root.getStyleClass().add("train-screen");
        root.getStylesheets().add(TrainScreen.class.getResource("train.css").toExternalForm());
        vm.errorProperty().addListener((obs, old, report) -> showError(report));
        vm.conflictProperty().addListener((obs, old, conflict) -> askAbout(conflict));
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Map<KeyCombination, Runnable> shortcuts() {
        return Map.of(
                new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), vm::start,
                new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::saveConfig,
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openConfig);
    }

    @Override
    public void shown() {
        vm.shown();
    }

    @Override
    public void closing() {
        vm.closing();
    }

    /** For tests in this package. */
    TrainViewModel viewModel() {
        return vm;
    }

    private VBox header() {
        Label title = new Label("Train");
        title.getStyleClass().add("page-title");
        Label source = new Label();
        source.setId("config-source");
        source.getStyleClass().add("muted");
        source.textProperty().bind(vm.sourceProperty());
        ComboBox<RunPresets.Preset> presets = new ComboBox<>();
        presets.setId("presets");
        presets.setPromptText("Apply a preset…");
        presets.getItems().setAll(RunPresets.ALL);
        presets.setMaxWidth(Double.MAX_VALUE);
        presets.setTooltip(new Tooltip("Ready settings for common runs; keeps the name, model and data"));
        presets.setOnAction(e -> {
            RunPresets.Preset p = presets.getValue();
            if (p != null) {
                vm.applyPreset(p);
                presets.setTooltip(new Tooltip(p.description()));
            }
        });
        HBox.setHgrow(presets, Priority.ALWAYS);
        presets.disableProperty().bind(active());
        Button open = new Button("Open…");
        open.setId("open-config");
        open.setTooltip(new Tooltip("Open a run config JSON, as the CLI's train --config takes (Ctrl+O)"));
        open.setOnAction(e -> openConfig());
        open.disableProperty().bind(active());
        Button save = new Button("Save…");
        save.setId("save-config");
        save.setTooltip(new Tooltip("Save these settings as a run config JSON for the CLI (Ctrl+S)"));
        save.setOnAction(e -> saveConfig());
        open.setMinWidth(Region.USE_PREF_SIZE);
        save.setMinWidth(Region.USE_PREF_SIZE);
        HBox actions = new HBox(6, presets, open, save);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, title, source, actions);
        box.getStyleClass().add("train-header");
        return box;
    }

    private BooleanBinding active() {
        return Bindings.createBooleanBinding(() -> vm.stateProperty().get().active(),
                vm.stateProperty());
    }

    private void openConfig() {
        if (!vm.stateProperty().get().active()) {
            choosers.openConfig().ifPresent(vm::open);
        }
    }

    private void saveConfig() {
        choosers.saveConfig(vm.config().name() == null ? "run" : vm.config().name()).ifPresent(vm::save);
    }

    private void showError(ErrorReport report) {
        if (report != null) {
            ErrorDialog.show(root.getScene() == null ? null : root.getScene().getWindow(),
                    report.headline(), report.reason(), report.details());
            vm.errorProperty().set(null);
        }
    }

    /** Resume the run in the taken folder, or start afresh under a free name. */
    private void askAbout(RunConflict conflict) {
        if (conflict == null) {
            return;
        }
        String fresh = conflict.newOutputDir() != null ? vm.shown(vm.resolve(conflict.newOutputDir()))
                : "runs/" + conflict.newName();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.setTitle("Tunebench");
        alert.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        alert.setHeaderText("“" + conflict.shownDir() + "” already holds a run.");
        ButtonType resume = new ButtonType("Resume from step "
                + conflict.checkpointStep().orElse(0), ButtonBar.ButtonData.OK_DONE);
        ButtonType newRun = new ButtonType("New run in " + fresh, ButtonBar.ButtonData.OTHER);
        if (conflict.canResume()) {
            alert.setContentText("Its newest checkpoint is at step " + conflict.checkpointStep().getAsInt()
                    + ". Resume it with the settings saved there, or start a new run in “" + fresh + "”.");
            alert.getButtonTypes().setAll(resume, newRun, ButtonType.CANCEL);
        } else {
            alert.setContentText((conflict.finished() ? "That run is finished (step "
                    + conflict.checkpointStep().getAsInt() + ")." : "It has no checkpoint to resume from.")
                    + " Start a new run in “" + fresh + "” instead?");
            alert.getButtonTypes().setAll(newRun, ButtonType.CANCEL);
        }
        for (ButtonType type : alert.getButtonTypes()) {
            Button button = (Button) alert.getDialogPane().lookupButton(type);
            button.setMnemonicParsing(false); // "my_run-2" is a folder name, not a shortcut
            button.setId(type == resume ? "conflict-resume" : type == newRun ? "conflict-new-run" : null);
        }
        alert.setOnHidden(e -> {
            ButtonType answer = alert.getResult();
            if (answer == resume) {
                vm.resumeExisting();
            } else if (answer == newRun) {
                vm.startWithNewName();
            } else {
                vm.dismissConflict();
            }
        });
        alert.show();
    }
}
