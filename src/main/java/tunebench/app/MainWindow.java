package tunebench.app;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Rectangle2D;
import javafx.scene.Cursor;
import javafx.scene.Scene;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import tunebench.app.Navigation.Section;
import tunebench.app.compare.CompareScreen;
import tunebench.app.dataset.DatasetScreen;
import tunebench.app.gpu.DeviceStatus;
import tunebench.app.gpu.GpuDialog;
import tunebench.app.model.ModelView;
import tunebench.app.train.TrainScreen;

/**
 * The workbench window: navigation on the left, the screen on show in the middle, a status
 * bar with the compute device, the open model and what is running. Screens are built the
 * first time they are shown. Ctrl+1..4 switch screens; each screen adds its own shortcuts.
 * Remembers its size between runs.
 */
public final class MainWindow {

    public static final String TITLE = "Tunebench";
    static final double DEFAULT_WIDTH = 1280;
    static final double DEFAULT_HEIGHT = 800;
    private static final String WIDTH_KEY = "window.width";
    private static final String HEIGHT_KEY = "window.height";
    private static final String MAXIMIZED_KEY = "window.maximized";

    private final Workbench workbench;
    private final Map<Section, Function<Workbench, tunebench.app.Screen>> factories;
    private final Map<Section, tunebench.app.Screen> screens = new EnumMap<>(Section.class);
    private final BorderPane root = new BorderPane();

    public MainWindow(Workbench workbench) {
        this(workbench, defaultScreens());
    }

    /** With other screens, for tests. */
    MainWindow(Workbench workbench, Map<Section, Function<Workbench, tunebench.app.Screen>> factories) {
        this.workbench = workbench;
        this.factories = factories;
    }

    static Map<Section, Function<Workbench, tunebench.app.Screen>> defaultScreens() {
        Map<Section, Function<Workbench, tunebench.app.Screen>> m = new EnumMap<>(Section.class);
        m.put(Section.MODEL, wb -> new ModelView(wb.model(), wb.recentFolders(),
                owner -> GpuDialog.open(owner, wb)));
        m.put(Section.DATASET, DatasetScreen::new);
        m.put(Section.TRAIN, TrainScreen::new);
        m.put(Section.COMPARE, CompareScreen::new);
        return m;
    }

    public void show(Stage stage) {
        root.setLeft(Navigation.create(workbench.sectionProperty()));
        root.setBottom(statusBar());
        root.getStyleClass().add("workbench");
        showSection(workbench.sectionProperty().get());
        workbench.sectionProperty().addListener((obs, old, now) -> showSection(now));

        Rectangle2D bounds = Screen.getPrimary().getVisualBounds();
        var prefs = workbench.prefs();
        double width = Math.min(prefs.getDouble(WIDTH_KEY, DEFAULT_WIDTH), bounds.getWidth());
        double height = Math.min(prefs.getDouble(HEIGHT_KEY, DEFAULT_HEIGHT), bounds.getHeight());
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(
                MainWindow.class.getResource("tunebench.css").toExternalForm());
        installShortcuts(scene);

        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.setMaximized(prefs.getBoolean(MAXIMIZED_KEY, false));
        stage.setOnHidden(e -> {
            rememberSize(stage);
            screens.values().forEach(tunebench.app.Screen::closing);
            workbench.deviceStatus().stop();
        });
        stage.show();
    }

    /** The screen for a section, built on first use (tests reach into it). */
    public tunebench.app.Screen screen(Section section) {
        return screens.computeIfAbsent(section, s -> factories.get(s).apply(workbench));
    }

    private void showSection(Section section) {
        tunebench.app.Screen screen = screen(section);
        root.setCenter(screen.node());
        screen.shown();
    }

    /** Ctrl+1..4 switch screens; other shortcuts go to the screen on show. */
    private void installShortcuts(Scene scene) {
        for (Section s : Section.values()) {
            scene.getAccelerators().put(new KeyCodeCombination(
                    KeyCode.getKeyCode(String.valueOf(s.ordinal() + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> workbench.sectionProperty().set(s));
        }
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (typingKey(scene, e)) {
                return; // Delete in a text box deletes a letter, not a row
            }
            for (var entry : screen(workbench.sectionProperty().get()).shortcuts().entrySet()) {
                if (entry.getKey().match(e)) {
                    entry.getValue().run();
                    e.consume();
                    return;
                }
            }
        });
    }

    /** A key without a modifier (other than Esc) while a text box has the focus. */
    private static boolean typingKey(Scene scene, KeyEvent e) {
        return scene.getFocusOwner() instanceof TextInputControl
                && !(e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown())
                && e.getCode() != KeyCode.ESCAPE;
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.setText("");
        DeviceStatus device = workbench.deviceStatus();
        Label deviceLabel = new Label();
        deviceLabel.setId("status-device");
        deviceLabel.getStyleClass().add("status-device");
        deviceLabel.textProperty().bind(device.textProperty());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> device.tooltipProperty().get().isEmpty()
                ? "Where training and generation run. Click for GPU setup." : device.tooltipProperty().get(),
                device.tooltipProperty()));
        deviceLabel.setTooltip(tip);
        deviceLabel.setCursor(Cursor.HAND);
        deviceLabel.setOnMouseClicked(e -> GpuDialog.open(root.getScene().getWindow(), workbench));
        bar.getLeftItems().add(deviceLabel);
        device.start();
        var model = workbench.model();
        Label activity = new Label();
        activity.setId("status-activity");
        activity.textProperty().bind(Bindings.createStringBinding(
                () -> model.busyProperty().get() ? model.busyTextProperty().get()
                        : workbench.activityTextProperty().get(),
                model.busyProperty(), model.busyTextProperty(), workbench.activityTextProperty()));
        Label modelLabel = new Label();
        modelLabel.setId("status-model");
        modelLabel.textProperty().bind(Bindings.createStringBinding(
                () -> model.modelNameProperty().get().isEmpty() ? "No model open"
                        : "Model: " + model.modelNameProperty().get(),
                model.modelNameProperty()));
        Separator between = new Separator(Orientation.VERTICAL);
        between.visibleProperty().bind(activity.textProperty().isNotEmpty());
        between.managedProperty().bind(between.visibleProperty());
        bar.getRightItems().addAll(activity, between, modelLabel);
        bar.progressProperty().bind(Bindings.createDoubleBinding(
                () -> model.busyProperty().get() ? -1.0 : workbench.activityProgressProperty().get(),
                model.busyProperty(), workbench.activityProgressProperty()));
        return bar;
    }

    private void rememberSize(Stage stage) {
        var prefs = workbench.prefs();
        try {
            prefs.putBoolean(MAXIMIZED_KEY, stage.isMaximized());
            if (!stage.isMaximized()) {
                prefs.putDouble(WIDTH_KEY, stage.getWidth());
                prefs.putDouble(HEIGHT_KEY, stage.getHeight());
            }
        } catch (IllegalStateException removed) {
            // The preferences node was deleted (a reset, or a test's teardown): nothing to keep.
        }
    }
}
