package tunebench.app.dataset;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.WindowEvent;
import tunebench.app.Navigation.Section;
import tunebench.app.Screen;
import tunebench.app.Workbench;

/**
 * The Dataset screen as the window sees it: opens the workbench's dataset when first built and
 * follows it when another screen picks a different file, offers to save before anything would
 * drop unsaved edits (including closing the window), and lends the window its shortcuts.
 */
public final class DatasetScreen implements Screen {

    private final Workbench workbench;
    private final DatasetViewModel vm;
    private final DatasetView view;
    private Path pending; // chosen elsewhere while edits were unsaved; asked about when shown
    private boolean guarded;

    public DatasetScreen(Workbench workbench) {
        this.workbench = workbench;
        this.vm = new DatasetViewModel(workbench);
        this.view = new DatasetView(vm, workbench.recentFolders());
        Path initial = workbench.datasetFileProperty().get();
        if (initial != null) {
            vm.files().open(initial);
        }
        workbench.datasetFileProperty().addListener((obs, old, now) -> follow(now));
        view.sceneProperty().addListener((obs, old, scene) -> guardClose());
    }

    public DatasetViewModel viewModel() {
        return vm;
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public Map<KeyCombination, Runnable> shortcuts() {
        return Map.of(
                shortcut(KeyCode.O), view::chooseFile,
                shortcut(KeyCode.S), view::save,
                new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), view::saveAs,
                shortcut(KeyCode.Z), vm::undo,
                new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), vm::redo,
                shortcut(KeyCode.Y), vm::redo,
                shortcut(KeyCode.N), view::addRow,
                shortcut(KeyCode.D), view::duplicateSelected,
                shortcut(KeyCode.F), view::focusFilter,
                new KeyCodeCombination(KeyCode.DELETE), this::deleteKey);
    }

    @Override
    public void shown() {
        if (pending != null) {
            askAboutPending();
        }
    }

    /**
     * The window hands every matching key to the screen, even while a text field has focus, so
     * Delete deletes rows only from the table and keeps deleting a character in a text field.
     */
    private void deleteKey() {
        Node focus = view.getScene() == null ? null : view.getScene().getFocusOwner();
        if (focus instanceof TextInputControl text) {
            text.deleteNextChar();
        } else if (view.tableFocused()) {
            view.deleteSelected();
        }
    }

    private void follow(Path file) {
        if (file == null || vm.files().isCurrent(file)) {
            return;
        }
        if (!vm.dirtyProperty().get()) {
            vm.files().open(file);
            return;
        }
        pending = file;
        if (view.getScene() != null && workbench.sectionProperty().get() == Section.DATASET) {
            askAboutPending();
        }
    }

    private void askAboutPending() {
        Path file = pending;
        pending = null;
        if (!view.openWhenSaved(file) && vm.files().fileProperty().get() != null) {
            // Kept the open file: the workbench's dataset is the one this screen holds.
            workbench.datasetFileProperty().set(vm.files().fileProperty().get());
        }
    }

    /** Closing the window with unsaved edits asks first, like opening another file does. */
    private void guardClose() {
        if (guarded || view.getScene() == null) {
            return;
        }
        view.getScene().windowProperty().addListener((obs, old, window) -> guardClose());
        if (view.getScene().getWindow() != null) {
            guarded = true;
            var window = view.getScene().getWindow();
            window.addEventHandler(WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
                if (vm.dirtyProperty().get()) {
                    e.consume();
                    view.whenSaved("before closing Tunebench", window::hide);
                }
            });
        }
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }
}
