package tunebench.app;

import java.util.prefs.Preferences;
import javafx.beans.binding.Bindings;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import tunebench.app.model.ModelView;
import tunebench.app.model.ModelViewModel;

/**
 * The workbench window: navigation on the left, the current screen in the middle, a status
 * bar with the compute device and the open model. Remembers its size between runs.
 */
public final class MainWindow {

    public static final String TITLE = "Tunebench";
    static final double DEFAULT_WIDTH = 1100;
    static final double DEFAULT_HEIGHT = 720;
    private static final String WIDTH_KEY = "window.width";
    private static final String HEIGHT_KEY = "window.height";
    private static final String MAXIMIZED_KEY = "window.maximized";

    private final ModelViewModel model;
    private final Preferences prefs;

    public MainWindow(ModelViewModel model, Preferences prefs) {
        this.model = model;
        this.prefs = prefs;
    }

    public void show(Stage stage) {
        ModelView modelView = new ModelView(model);
        BorderPane root = new BorderPane(modelView);
        root.setLeft(Navigation.create());
        root.setBottom(statusBar());
        root.getStyleClass().add("workbench");

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double width = Math.min(prefs.getDouble(WIDTH_KEY, DEFAULT_WIDTH), screen.getWidth());
        double height = Math.min(prefs.getDouble(HEIGHT_KEY, DEFAULT_HEIGHT), screen.getHeight());
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(
                MainWindow.class.getResource("tunebench.css").toExternalForm());
        scene.getAccelerators().put(
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN),
                modelView::chooseFolder);

        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(760);
        stage.setMinHeight(480);
        stage.setMaximized(prefs.getBoolean(MAXIMIZED_KEY, false));
        stage.setOnHidden(e -> rememberSize(stage));
        stage.show();
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.setText(deviceText());
        bar.setTooltip(new Tooltip("Where training and generation run"));
        Label modelLabel = new Label();
        modelLabel.setId("status-model");
        modelLabel.textProperty().bind(Bindings.createStringBinding(
                () -> model.modelNameProperty().get().isEmpty() ? "No model open"
                        : "Model: " + model.modelNameProperty().get(),
                model.modelNameProperty()));
        bar.getRightItems().add(modelLabel);
        bar.progressProperty().bind(
                Bindings.when(model.busyProperty()).then(-1.0).otherwise(0.0));
        return bar;
    }

    /** "CPU · 16 cores"; asking DJL would start libtorch just to print a label. */
    static String deviceText() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "CPU · " + cores + (cores == 1 ? " core" : " cores");
    }

    private void rememberSize(Stage stage) {
        prefs.putBoolean(MAXIMIZED_KEY, stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble(WIDTH_KEY, stage.getWidth());
            prefs.putDouble(HEIGHT_KEY, stage.getHeight());
        }
    }
}
