package tunebench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import tunebench.app.Navigation.Section;
import tunebench.app.gpu.DeviceStatus;
import tunebench.app.model.ModelViewModel;

/**
 * What the screens share: the task runner, preferences, the open model, the dataset file the
 * Dataset screen holds (the Train screen's default training data), the screen on show, and
 * what is running (for the status bar). All properties live on the FX thread.
 */
public final class Workbench {

    private final TaskRunner runner;
    private final Preferences prefs;
    private final ModelViewModel model;
    private final Path home;
    private final RecentFolders recentFolders;
    private final ObjectProperty<Path> datasetFile = new SimpleObjectProperty<>(this, "datasetFile");
    private final ObjectProperty<Section> section =
            new SimpleObjectProperty<>(this, "section", Section.MODEL);
    private final Map<String, Activity> activities = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper activityText = new ReadOnlyStringWrapper(this, "activityText", "");
    private final ReadOnlyDoubleWrapper activityProgress =
            new ReadOnlyDoubleWrapper(this, "activityProgress", 0);
    private final StringProperty device = new SimpleStringProperty(this, "device", "auto");
    private final DeviceStatus deviceStatus = new DeviceStatus(DeviceStatus.Sources.ofThisMachine(), Platform::runLater);

    /**
     * @param home the folder {@code assets/}, {@code sample-data/} and {@code runs/} are
     *     resolved against (the working directory in the app)
     */
    public Workbench(TaskRunner runner, Preferences prefs, ModelViewModel model, Path home) {
        this.runner = runner;
        this.prefs = prefs;
        this.model = model;
        this.home = home.toAbsolutePath().normalize();
        this.recentFolders = new RecentFolders(prefs, this.home);
    }

    public TaskRunner runner() {
        return runner;
    }

    public Preferences prefs() {
        return prefs;
    }

    public ModelViewModel model() {
        return model;
    }

    public Path home() {
        return home;
    }

    /** A path under home: {@code resolve("sample-data/runs/sft-lora.json")}. */
    public Path resolve(String relative) {
        return home.resolve(relative);
    }

    /** Where runs are written and found: {@code <home>/runs}. */
    public Path runsDir() {
        return home.resolve("runs");
    }

    /** The sample file if this installation has it. */
    public boolean hasSample(String relative) {
        return Files.exists(resolve(relative));
    }

    public RecentFolders recentFolders() {
        return recentFolders;
    }

    /** The dataset open in the Dataset screen; null when none. */
    public ObjectProperty<Path> datasetFileProperty() {
        return datasetFile;
    }

    /** The screen on show; set it to switch screens ("Train on this data" buttons). */
    public ObjectProperty<Section> sectionProperty() {
        return section;
    }

    /**
     * The device the workbench computes on, as the Train form's model.device says it ("auto",
     * "cpu", "gpu:1"): the Compare screen loads its models there too.
     */
    public StringProperty deviceProperty() {
        return device;
    }

    /** The compute device's name and memory for the status bar and the monitor (sampling starts with the window). */
    public DeviceStatus deviceStatus() {
        return deviceStatus;
    }

    /** Shows what {@code owner} is doing in the status bar until {@link #finished}. */
    public void working(String owner, Activity activity) {
        activities.put(owner, activity);
        publish();
    }

    public void finished(String owner) {
        activities.remove(owner);
        publish();
    }

    /** "Training sft-lora · step 40/225 · Generating 2 columns"; empty when idle. */
    public ReadOnlyStringProperty activityTextProperty() {
        return activityText.getReadOnlyProperty();
    }

    /** The first activity's progress: 0..1, -1 when unknown, 0 when idle. */
    public ReadOnlyDoubleProperty activityProgressProperty() {
        return activityProgress.getReadOnlyProperty();
    }

    private void publish() {
        activityText.set(String.join(" · ",
                activities.values().stream().map(Activity::text).toList()));
        activityProgress.set(activities.values().stream().findFirst()
                .map(Activity::progress).orElse(0.0));
    }
}
