package tunebench.app.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.AppTask;
import tunebench.app.Workbench;
import tunebench.app.compare.ComparisonJob.ScoreRequest;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.model.tokenizer.TokenizerConfig;

/**
 * State of the Compare screen: the columns and what each runs, the prompts, the shared
 * sampling settings, and the results of the last Generate as they stream in. Work goes through
 * the workbench's task runner as one {@link ComparisonJob} at a time; its updates come back
 * through {@code fx}, coalesced. Everything here lives on the FX thread.
 */
public final class CompareViewModel {

    public static final int MIN_COLUMNS = 2;
    public static final int MAX_COLUMNS = 4;
    static final String DEFAULT_PROMPTS =
            "What is the capital of Japan?\n---\nWhat is 7 plus 5?\n---\nAnswer with one word: what color is snow?";

    private final Workbench workbench;
    private final Executor fx;
    private final long coalesceMillis;
    private final ModelCache cache = new ModelCache();
    private final SamplingSettings sampling = new SamplingSettings();
    private final CompareStatus status;
    private final BlindJudge judge;
    private final SourceList sources;
    private final ObservableList<ColumnSource> columns =
            FXCollections.observableArrayList(ColumnSource.BASE, ColumnSource.BASE);
    // One wrapper, kept: a listener on a wrapper made per call would be lost with the wrapper.
    private final ObservableList<ColumnSource> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final StringProperty promptText = new SimpleStringProperty(this, "promptText", DEFAULT_PROMPTS);
    private final BooleanProperty raw = new SimpleBooleanProperty(this, "raw");
    private final BooleanProperty blind = new SimpleBooleanProperty(this, "blind");
    private final IntegerProperty reference = new SimpleIntegerProperty(this, "reference");
    private final IntegerProperty shownPrompt = new SimpleIntegerProperty(this, "shownPrompt");
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyBooleanWrapper hasChatTemplate = new ReadOnlyBooleanWrapper(this, "hasChatTemplate", true);
    private final SplittableRandom blindSeeds = new SplittableRandom();
    private volatile boolean cancelRequested;
    private boolean rescoreWanted;

    /** @param fx where worker updates run: Platform::runLater in the app, Runnable::run in tests */
    public CompareViewModel(Workbench workbench, Executor fx) {
        this(workbench, fx, 50); // 20 updates a second at most
    }

    /** @param coalesceMillis how long tokens may wait to be sent in one batch (0: each at once) */
    CompareViewModel(Workbench workbench, Executor fx, long coalesceMillis) {
        this.workbench = workbench;
        this.fx = fx;
        this.coalesceMillis = coalesceMillis;
        this.status = new CompareStatus(workbench);
        this.judge = new BlindJudge(workbench.runner(), workbench.runsDir(), status::failed);
        this.sources = new SourceList(workbench.runner(), workbench.runsDir(), columns);
        workbench.model().folderProperty().addListener(o -> baseChanged());
        blind.addListener((obs, old, now) -> rescoreIfNeeded());
        reference.addListener((obs, old, now) -> rescoreIfNeeded());
        baseChanged();
    }

    /** Generates every prompt in every column, then colours the differences. */
    public void generate() {
        if (status.busy()) {
            return;
        }
        Path base = basePath();
        List<String> prompts = Prompts.split(promptText.get());
        GenerationSpec spec = specOrNull(base, prompts);
        if (spec == null) {
            return; // the user has been told what is missing
        }
        Comparison c = new Comparison(base, columns, prompts, blindSeeds.nextLong());
        comparison.set(c);
        shownPrompt.set(0);
        boolean blindNow = blind.get();
        List<int[]> orders = new ArrayList<>();
        List<List<ScoreRequest>> plan = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            orders.add(c.order(p, blindNow));
            plan.add(c.needed(p, blindNow, reference.get()));
        }
        var request = new ComparisonJob.Request(base, c.columns(), prompts, raw.get(), spec, orders, plan);
        start(c, prompts.size() * columns.size(), spec.maxNewTokens(),
                job -> job.run(request));
    }

    /** Ends generation after the current token; what was written stays. */
    public void stop() {
        if (status.busy()) {
            cancelRequested = true;
            status.stopping();
        }
    }

    /**
     * Shows another prompt's answers. The view stays where the user put it while later prompts
     * generate (the status line tells which), so a finished answer can be read in peace.
     */
    public void showPrompt(int index) {
        Comparison c = comparison.get();
        if (c != null && index >= 0 && index < c.prompts().size()) {
            shownPrompt.set(index);
        }
    }

    public void addColumn() {
        if (columns.size() < MAX_COLUMNS) {
            columns.add(sources.suggestion(columns));
        }
    }

    public void removeColumn(int index) {
        if (columns.size() > MIN_COLUMNS && index >= 0 && index < columns.size()) {
            columns.remove(index);
            reference.set(Math.min(reference.get(), columns.size() - 1));
        }
    }

    public void setColumn(int index, ColumnSource source) {
        if (source != null && index >= 0 && index < columns.size()) {
            sources.touched();
            columns.set(index, source);
        }
    }

    /** Frees nothing (the process ends) but stops a running comparison. */
    public void closing() {
        stop();
    }

    /** The spec to generate with, or null after telling the user what is missing. */
    private GenerationSpec specOrNull(Path base, List<String> prompts) {
        if (base == null) {
            status.problem("Open a model first.", "The Compare screen runs the model that is open"
                    + " in the Model screen (Ctrl+1); its adapters are listed once it is open.");
            return null;
        }
        if (prompts.isEmpty()) {
            status.problem("Write a prompt first.", "Type a prompt in the Prompts box; separate"
                    + " several prompts with a line that holds only " + Prompts.SEPARATOR + ".");
            return null;
        }
        try {
            return sampling.toSpec();
        } catch (IllegalArgumentException e) {
            status.problem("Some sampling settings are out of range.", e.getMessage() + ".");
            return null;
        }
    }

    /** Runs a job for {@code c} on the task runner, its events coming back through the queue. */
    private void start(Comparison c, int units, int maxNewTokens, JobBody body) {
        cancelRequested = false;
        cache.device(workbench.deviceProperty().get()); // the same device as the run
        FxQueue queue = new FxQueue(fx, coalesceMillis);
        ComparisonJob job = new ComparisonJob(cache, new ComparisonEvents(c, queue, this));
        status.started(units, maxNewTokens);
        workbench.runner().submit(AppTask.of(() -> {
            body.run(job);
            queue.postNow(() -> {}); // nothing may stay behind the finish
            return null;
        }).onSuccess(v -> finished()).onFailure(this::failed));
    }

    @FunctionalInterface
    private interface JobBody {
        void run(ComparisonJob job) throws Exception;
    }

    private void finished() {
        status.finished(cancelRequested);
        afterJob();
    }

    private void failed(Throwable error) {
        status.failed(error);
        afterJob();
    }

    private void afterJob() {
        if (rescoreWanted) {
            rescoreWanted = false;
            rescoreIfNeeded();
        }
    }

    /** Recolours for the current reference, scoring what is missing in the background. */
    void rescoreIfNeeded() {
        Comparison c = comparison.get();
        if (c == null) {
            return;
        }
        List<ScoreRequest> missing = new ArrayList<>();
        for (int p = 0; p < c.prompts().size(); p++) {
            c.colour(p, blind.get(), reference.get());
            if (c.prompt(p).complete() && c.prompt(p).promptIds() != null) {
                missing.addAll(c.missing(p, blind.get(), reference.get()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (status.busy()) {
            rescoreWanted = true;
            return;
        }
        ComparisonJob.Texts texts = FrozenTexts.of(c);
        start(c, 0, 0, job -> job.rescore(c.baseDir(), c.columns(), missing, texts));
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    boolean blindNow() {
        return blind.get();
    }

    int referenceNow() {
        return reference.get();
    }

    private void baseChanged() {
        sources.refresh();
        hasChatTemplate.set(true);
        Path base = basePath();
        if (base != null) {
            // tokenizer_config.json or chat_template.jinja; a later model may have replaced this one.
            workbench.runner().submit(AppTask.of(() -> TokenizerConfig.load(base).chatTemplate())
                    .onSuccess(t -> {
                        if (base.equals(basePath())) {
                            hasChatTemplate.set(t != null && !t.isBlank());
                        }
                    })
                    .onFailure(e -> hasChatTemplate.set(false)));
        }
    }

    private Path basePath() {
        String f = workbench.model().folderProperty().get();
        return f == null || f.isBlank() ? null : Path.of(f);
    }

    public ObservableList<ColumnSource> columns() {
        return columnsView;
    }

    public SourceList sources() {
        return sources;
    }

    public SamplingSettings sampling() {
        return sampling;
    }

    public BlindJudge judge() {
        return judge;
    }

    public CompareStatus statusModel() {
        return status;
    }

    public StringProperty promptTextProperty() {
        return promptText;
    }

    /** Prompts go to the model as typed, not wrapped in its chat template. */
    public BooleanProperty rawProperty() {
        return raw;
    }

    public BooleanProperty blindProperty() {
        return blind;
    }

    /** The column the others' colours compare against (not used in blind mode). */
    public IntegerProperty referenceProperty() {
        return reference;
    }

    public ReadOnlyBooleanProperty hasChatTemplateProperty() {
        return hasChatTemplate.getReadOnlyProperty();
    }

    public IntegerProperty shownPromptProperty() {
        return shownPrompt;
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty baseFolderProperty() {
        return workbench.model().folderProperty();
    }
}
