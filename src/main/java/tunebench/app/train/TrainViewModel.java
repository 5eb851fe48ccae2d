package tunebench.app.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import tunebench.app.Workbench;
import tunebench.app.monitor.RunMonitor;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.train.TrainableParameters;
import tunebench.engine.train.config.Method;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.config.RunPresets;

/**
 * State of the Train screen without controls: the form, every problem with it keyed by
 * config key (re-checked on each edit), the trainable-parameter count, presets, opening and
 * saving the JSON the CLI takes, and the run ({@link RunSession}, started by {@link RunStarter}).
 * The form starts from the sample LoRA recipe and follows the Model and Dataset screens.
 */
public final class TrainViewModel {

    public static final String SAMPLE_CONFIG = "sample-data/runs/sft-lora.json";

    private final Workbench workbench;
    private final HomePaths paths;
    private final RunConfigForm form = new RunConfigForm();
    private final ObservableMap<String, String> problems =
            FXCollections.observableMap(new LinkedHashMap<>());
    private final ReadOnlyStringWrapper problemSummary = new ReadOnlyStringWrapper(this, "problemSummary", "");
    private final ReadOnlyObjectWrapper<TrainableParameters> trainable =
            new ReadOnlyObjectWrapper<>(this, "trainable");
    private final ReadOnlyStringWrapper trainableText = new ReadOnlyStringWrapper(this, "trainableText", "");
    private final ReadOnlyStringWrapper runFolder = new ReadOnlyStringWrapper(this, "runFolder", "");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ObjectProperty<ErrorReport> error = new SimpleObjectProperty<>(this, "error");
    private final ModelHeaders model;
    private final MemoryEstimates memory;
    private final RunSession session;
    private final RunStarter starter;
    private final ConfigFiles files;
    private final BooleanBinding canStart;
    private RunConfigForm.Reading reading;
    private boolean revalidating;
    private boolean again;

    /** @param fx where the run's events are handled: Platform::runLater, or Runnable::run in tests */
    public TrainViewModel(Workbench workbench, RunMonitor monitor, Executor fx) {
        this.workbench = workbench;
        this.paths = new HomePaths(workbench.home());
        this.model = new ModelHeaders(workbench, this::revalidate);
        this.memory = new MemoryEstimates(workbench.prefs());
        this.session = new RunSession(workbench, monitor, fx, error::set, this::shown);
        this.starter = new RunStarter(workbench, form, session, this::shown);
        this.files = new ConfigFiles(workbench, form, source::set, error::set, this::shown);
        this.canStart = Bindings.createBooleanBinding(
                () -> problems.isEmpty() && !session.stateProperty().get().active(),
                problems, session.stateProperty());
        InvalidationListener edited = obs -> revalidate();
        form.observables().forEach(o -> o.addListener(edited));
        loadInitial();
        // Compare loads its models where the run would compute.
        workbench.deviceProperty().bind(form.text("model.device"));
        workbench.model().folderProperty().addListener((obs, was, now) -> followModel(now));
        workbench.datasetFileProperty().addListener((obs, was, now) -> followDataset(now));
    }

    /** The sample recipe with the open model and dataset, or defaults without the sample. */
    private void loadInitial() {
        RunConfig initial;
        try {
            initial = RunConfigJson.read(workbench.resolve(SAMPLE_CONFIG));
            source.set("Sample recipe: " + SAMPLE_CONFIG);
        } catch (IOException e) {
            initial = RunConfig.of("my-run", null, null);
        }
        form.load(initial);
        followModel(workbench.model().folderProperty().get());
        followDataset(workbench.datasetFileProperty().get());
        revalidate();
    }

    private void followModel(String folder) {
        if (folder != null && !folder.isEmpty()) {
            form.text("model.path").set(shown(Path.of(folder)));
        }
    }

    /**
     * New training data also drops the sample's validation file, which belongs to the sample
     * data: the run then splits its validation set off the new file.
     */
    private void followDataset(Path file) {
        if (file == null) {
            return;
        }
        String sampleEval = "sample-data/instructions-eval.json";
        if (!file.equals(workbench.resolve("sample-data/instructions.json"))
                && workbench.resolve(sampleEval).equals(resolve(form.text("data.validation").get()))) {
            form.text("data.validation").set("");
        }
        form.text("data.train").set(shown(file));
    }

    /** Re-reads the form and re-checks it; re-runs when an edit lands while it checks. */
    void revalidate() {
        if (revalidating) {
            again = true;
            return;
        }
        revalidating = true;
        try {
            do {
                again = false;
                check();
            } while (again);
        } finally {
            revalidating = false;
        }
    }

    private void check() {
        reading = form.read();
        RunConfig c = reading.config();
        model.follow(resolve(c.model().path()));
        Map<String, String> found = new LinkedHashMap<>(reading.problems());
        c.validate().forEach(p -> found.putIfAbsent(p.key(), p.message()));
        FormChecks.check(c, this::resolve, model.info(), model.error(), found);
        countTrainable(c, found);
        memory.update(model.info(), c, found.keySet());
        problems.keySet().removeIf(k -> !found.containsKey(k));
        found.forEach((k, v) -> {
            if (!v.equals(problems.get(k))) {
                problems.put(k, v);
            }
        });
        problemSummary.set(found.isEmpty() ? "" : (found.size() == 1 ? "Fix 1 setting" : "Fix "
                + found.size() + " settings") + " to start: " + found.entrySet().stream()
                        .map(e -> FieldLabels.label(e.getKey()) + " " + e.getValue())
                        .collect(Collectors.joining("; ")));
        runFolder.set(shown(resolve(c.runDir())));
    }

    private void countTrainable(RunConfig c, Map<String, String> found) {
        ModelInfo info = model.info();
        // A LoRA-family method trains what its LoRA settings add, however its base is stored;
        // DPO is counted as itself (its adapter, or the whole model), a reward model too
        // (its adapter and value head).
        MethodChoice choice = form.method();
        Method counted = choice.showsLora() && !form.isDpo()
                && !(c.method() instanceof RewardMethod) ? choice.loraOf().apply(c.method())
                : c.method();
        TrainableParameters count = info == null ? null
                : TrainableParameters.estimate(info, counted).orElse(null);
        trainable.set(count);
        if (count == null) {
            trainableText.set("Trainable parameters: " + (info == null
                    ? "shown once the model folder is read" : "shown once the method's settings are valid"));
        } else if (count.trainable() == 0) {
            found.putIfAbsent("method.target_modules", "none of these is a layer of this model");
            trainableText.set("Trainable parameters: none");
        } else {
            trainableText.set("Trainable parameters: " + FormText.count(count.trainable()) + " of "
                    + FormText.count(count.total()) + " (" + FormText.percent(count.percent()) + ")");
        }
    }

    /** Lays a preset's training settings over the form; name, model, data and prompts stay. */
    public void applyPreset(RunPresets.Preset preset) {
        form.applyPreset(preset);
    }

    /** Reads a run config file into the form, in the background. */
    public void open(Path file) {
        files.open(file);
    }

    /** Writes the form as the CLI's JSON (atomically); refused while a field does not parse. */
    public void save(Path file) {
        files.save(file);
    }

    /** Starts the run the form describes, or asks first when its folder holds a run. */
    public void start() {
        if (canStart.get()) {
            starter.start(reading.config());
        }
    }

    /** Resume the run in the taken folder (the answer to {@link #conflictProperty}). */
    public void resumeExisting() {
        starter.resumeExisting();
    }

    /** Start afresh under the free name the question offered. */
    public void startWithNewName() {
        starter.renameForConflict();
        revalidate();
        start();
    }

    public void dismissConflict() {
        starter.dismissConflict();
    }

    /** Start met a folder that holds a run: the question to ask, or null. */
    ReadOnlyObjectProperty<RunConflict> conflictProperty() {
        return starter.conflictProperty();
    }

    /** A config path as the run sees it: relative ones against the workbench's home. */
    Path resolve(String path) {
        return paths.resolve(path);
    }

    /** A path as the form shows it: relative to the home folder when inside it. */
    String shown(Path path) {
        return paths.shown(path);
    }

    public void pause() {
        session.pause();
    }

    public void resume() {
        session.resume();
    }

    public void stop() {
        session.stop();
    }

    /** The window closes: a running run stops with a checkpoint, without blocking. */
    public void closing() {
        session.closing();
    }

    /** The screen came back to the front: files may have appeared or gone meanwhile. */
    public void shown() {
        model.forget();
        revalidate();
    }

    RunConfigForm form() {
        return form;
    }

    /** The memory estimate of the form's run, here and on a GPU of the chosen size. */
    MemoryEstimates memory() {
        return memory;
    }

    /** Problems by config key, as they stand after the last edit. */
    public ObservableMap<String, String> problems() {
        return problems;
    }

    public ReadOnlyStringProperty problemSummaryProperty() {
        return problemSummary.getReadOnlyProperty();
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }

    public ReadOnlyObjectProperty<TrainableParameters> trainableProperty() {
        return trainable.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty trainableTextProperty() {
        return trainableText.getReadOnlyProperty();
    }

    /** Where the run will be written, as shown: "runs/sft-lora". */
    public ReadOnlyStringProperty runFolderProperty() {
        return runFolder.getReadOnlyProperty();
    }

    /** Where the form's settings came from: the sample, an opened or a saved file. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return session.stateProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return session.progressProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return session.summaryProperty();
    }

    /** The failure to show, or null; the view clears it once shown. */
    public ObjectProperty<ErrorReport> errorProperty() {
        return error;
    }

    /** The config the form holds now (with placeholders where a field does not parse). */
    public RunConfig config() {
        return form.read().config();
    }
}
