package tunebench.app;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.stage.Stage;
import tunebench.app.Navigation.Section;
import tunebench.app.gpu.SavedLibtorch;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModel;
import tunebench.app.model.RecentModels;
import tunebench.engine.runtime.DjlRuntime;

/**
 * The JavaFX application: wires the background task runner, the user's preferences and the
 * main window. Started through {@code tunebench.Main}; {@code -Dtunebench.model=DIR} (or
 * {@code --model=DIR}) opens a model folder at start.
 */
public final class TunebenchApp extends Application {

    public static final String MODEL_PROPERTY = "tunebench.model";
    /** The dataset the workbench opens with, when the installation has the sample data. */
    public static final String SAMPLE_DATASET = "sample-data/instructions.json";

    private final BackgroundTaskRunner runner = new BackgroundTaskRunner();

    /** Opens the window; returns an exit code (non-zero when no window can be shown). */
    public static int launchApp(String[] args) {
        // JavaFX warns on every start that it runs from the class path, which is how we ship.
        java.util.logging.Logger.getLogger("javafx").setLevel(java.util.logging.Level.SEVERE);
        try {
            Application.launch(TunebenchApp.class, args);
            return 0;
        } catch (UnsupportedOperationException | IllegalStateException e) {
            System.err.println("Error: the workbench window cannot open here (" + e.getMessage()
                    + "). Run it in a desktop session, or use a command: java -jar tunebench.jar --help");
            return 1;
        }
    }

    @Override
    public void init() {
        // Before any DJL use: DJL's switches and the libtorch to start on, the folder saved in
        // the GPU dialog included (libtorch itself loads on first use).
        DjlRuntime.configure(new SavedLibtorch(Preferences.userNodeForPackage(TunebenchApp.class))
                .load().orElse(null));
    }

    @Override
    public void start(Stage stage) {
        Preferences prefs = Preferences.userNodeForPackage(TunebenchApp.class);
        RecentModels recent = new RecentModels(prefs);
        ModelViewModel model = new ModelViewModel(runner, recent);
        Workbench workbench = new Workbench(runner, prefs, model, Path.of(""));
        String chosen = getParameters().getNamed().get("dataset");
        Path sample = chosen != null && !chosen.isBlank() ? Path.of(chosen).toAbsolutePath()
                : workbench.resolve(SAMPLE_DATASET);
        if (Files.isRegularFile(sample)) {
            workbench.datasetFileProperty().set(sample); // so a first run is three clicks away
        }
        startupScreen().ifPresent(workbench.sectionProperty()::set);
        new MainWindow(workbench).show(stage);
        // The last model used, else the bundled one: the workbench never starts empty.
        startupModel().or(() -> recent.load().stream().findFirst().map(RecentModel::folder))
                .ifPresent(model::open);
    }

    @Override
    public void stop() {
        runner.shutdown();
    }

    /** {@code --screen=train} (or -Dtunebench.screen=train) opens on that screen. */
    private Optional<Section> startupScreen() {
        String name = System.getProperty("tunebench.screen",
                getParameters().getNamed().getOrDefault("screen", ""));
        for (Section s : Section.values()) {
            if (s.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private Optional<Path> startupModel() {
        String dir = System.getProperty(MODEL_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = getParameters().getNamed().get("model");
        }
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(dir));
        } catch (InvalidPathException e) {
            return Optional.empty(); // not a path at all; the user can still open one by hand
        }
    }
}
