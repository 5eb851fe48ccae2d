package tunebench.app.compare;

import java.util.Map;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
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

/**
 * The Compare screen: the same prompts through 2 to 4 columns (the base model, or the base
 * with an adapter from a past run or a folder), same seed and settings, streaming side by
 * side; each token coloured by how much likelier its own model finds it than the compared
 * column's; a blind mode that saves the user's picks as DPO pairs. Settings on the left,
 * answers on the right, Generate / Stop at the top.
 */
public final class CompareScreen extends BorderPane implements Screen {

    private final CompareViewModel vm;
    private final SettingsPane settings;

    public CompareScreen(Workbench workbench) {
        this.vm = new CompareViewModel(workbench, Platform::runLater);
        this.settings = new SettingsPane(vm, workbench.recentFolders());
        getStyleClass().add("compare-view");
        getStylesheets().add(CompareScreen.class.getResource("compare.css").toExternalForm());
        setTop(header());
        ScrollPane left = new ScrollPane(settings);
        left.setFitToWidth(true);
        left.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        left.getStyleClass().add("settings-scroll");
        setLeft(left);
        setCenter(new ResultsPane(vm));
        setBottom(statusLine());
        vm.statusModel().errorMessageProperty().addListener((obs, old, message) -> {
            if (message != null) {
                ErrorDialog.show(getScene() == null ? null : getScene().getWindow(), message,
                        vm.statusModel().errorReasonProperty().get(),
                        vm.statusModel().errorDetailsProperty().get());
                vm.statusModel().dismissError();
            }
        });
    }

    /** The view-model, for tests. */
    public CompareViewModel viewModel() {
        return vm;
    }

    /** Generate (Ctrl+Enter): takes what is typed in the spinners first. */
    public void generate() {
        settings.commitTyping();
        vm.generate();
    }

    @Override
    public Node node() {
        return this;
    }

    @Override
    public Map<KeyCombination, Runnable> shortcuts() {
        return Map.of(
                new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), this::generate,
                new KeyCodeCombination(KeyCode.ESCAPE), vm::stop,
                new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN),
                () -> vm.showPrompt(vm.shownPromptProperty().get() + 1),
                new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN),
                () -> vm.showPrompt(vm.shownPromptProperty().get() - 1));
    }

    /** New runs may have finished since the screen was last on show. */
    @Override
    public void shown() {
        vm.sources().refresh();
    }

    @Override
    public void closing() {
        vm.closing();
    }

    private VBox header() {
        Label title = new Label("Compare");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label("The same prompts through the base model and your adapters:"
                + " same seed, same settings, side by side.");
        subtitle.getStyleClass().add("muted");
        subtitle.setWrapText(true);
        Button generate = new Button("Generate");
        generate.setId("compare-generate");
        generate.setDefaultButton(true);
        generate.setMinWidth(Region.USE_PREF_SIZE);
        generate.setTooltip(new Tooltip("Every prompt in every column (Ctrl+Enter)"));
        generate.disableProperty().bind(vm.statusModel().busyProperty()
                .or(vm.baseFolderProperty().isEmpty()));
        generate.setOnAction(e -> generate());
        Button stop = new Button("Stop");
        stop.setId("compare-stop");
        stop.setMinWidth(Region.USE_PREF_SIZE);
        stop.setTooltip(new Tooltip("Stop after the current token; the answers so far stay (Esc)"));
        stop.disableProperty().bind(vm.statusModel().busyProperty().not());
        stop.setOnAction(e -> vm.stop());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox titles = new VBox(4, title, subtitle);
        HBox.setHgrow(titles, Priority.SOMETIMES);
        HBox row = new HBox(12, titles, spacer, stop, generate);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(row);
        box.getStyleClass().add("page-header");
        return box;
    }

    private HBox statusLine() {
        ProgressBar bar = new ProgressBar();
        bar.setId("compare-progress");
        bar.progressProperty().bind(vm.statusModel().progressProperty());
        bar.visibleProperty().bind(vm.statusModel().busyProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        bar.setPrefWidth(160);
        Label text = new Label();
        text.setId("compare-status");
        text.getStyleClass().add("muted");
        text.textProperty().bind(vm.statusModel().textProperty());
        HBox line = new HBox(10, bar, text);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("status-line");
        return line;
    }
}
