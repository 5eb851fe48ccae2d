package tunebench.app.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.util.Duration;
import tunebench.app.Activity;
import tunebench.app.AppTask;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DatasetStats;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.data.TemplatePreviewer;
import tunebench.engine.data.TemplateTokenCounter;
import tunebench.engine.data.TokenCounter;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * The Stats tab's state: {@code data stats} over the rows as edited, computed in the background
 * when the file, the model or the format changes and a while after edits settle. Lengths are in
 * the open model's tokens (its chat template for whole examples) or, with no model, in words.
 * Problems are counted as the Problems tab lists them, whole-file checks included.
 */
final class StatsViewModel {

    static final Duration DELAY = Duration.millis(800);
    static final String ACTIVITY = "dataset-stats";

    /** A length field of {@link DatasetStats#lengths()} and its name in the field selector. */
    record Field(String key, String label) {}

    static final List<Field> FIELDS = List.of(new Field("example", "Whole example"),
            new Field("user", "User"), new Field("assistant", "Assistant"), new Field("system", "System"),
            new Field("rejected", "Rejected"), new Field("text", "Text"));

    private final DatasetViewModel vm;
    private final ModelTokenizer tokens;
    private final Consumer<Runnable> fx; // Platform::runLater in the app
    private final Debounce debounce;
    private final ReadOnlyObjectWrapper<DatasetStats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final ReadOnlyStringWrapper unit = new ReadOnlyStringWrapper(this, "unit", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyObjectWrapper<Map<String, Integer>> problems =
            new ReadOnlyObjectWrapper<>(this, "problems", Map.of());
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private boolean stale;
    private Map<Long, Integer> known = Map.of(); // token counts by content, of the last computation
    private Object knownKey; // the tokenizer and format they were counted with
    private volatile long ticket;
    private volatile int lastTokenized;
    private volatile long lastMillis;

    StatsViewModel(DatasetViewModel vm, ModelTokenizer tokens, Duration delay, Consumer<Runnable> fx) {
        this.vm = vm;
        this.tokens = tokens;
        this.fx = fx;
        this.debounce = new Debounce(delay, this::compute);
        RowsWatch.onChange(vm.rows, this::request);
        tokens.tokenizerProperty().addListener((obs, old, now) -> request());
        vm.formatProperty().addListener((obs, old, now) -> request());
        // "loading" can turn into "cannot be read" with no new tokenizer: the sentence follows it.
        tokens.statusProperty().addListener((obs, old, now) -> {
            if (stats.get() != null && stats.get().unit().equals("words")) {
                unit.set(unitText(Optional.empty()));
            }
        });
        active.addListener((obs, old, now) -> {
            if (now && stale) {
                compute();
            }
        });
        vm.filter().problemEntries().addListener((ListChangeListener<RowProblem>) c -> countProblems());
        countProblems();
        request();
    }

    /** The last computation's statistics; null while there are none (see {@link #messageProperty()}). */
    ReadOnlyObjectProperty<DatasetStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** What the lengths are counted in, as a sentence for the tab. */
    ReadOnlyStringProperty unitProperty() {
        return unit.getReadOnlyProperty();
    }

    /** Why there are no statistics, as a sentence; empty when there are. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "Counting tokens 12,000 of 40,000…" while a count runs; empty otherwise. */
    ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Problems of the rows by kind, in the validator's order: what the Problems tab lists. */
    ReadOnlyObjectProperty<Map<String, Integer>> problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** How many texts the last computation tokenized (the rest were known): 0 in words. */
    int lastTokenized() {
        return lastTokenized;
    }

    long lastMillis() {
        return lastMillis;
    }

    /** The fields the stats hold lengths of, in the selector's order. */
    static List<Field> fieldsOf(DatasetStats s) {
        return s == null ? List.of() : FIELDS.stream()
                .filter(f -> s.lengths().containsKey(f.key()) && s.lengths().get(f.key()).count() > 0).toList();
    }

    private void countProblems() {
        Map<String, Integer> byKind = new LinkedHashMap<>();
        DataProblem.ORDER.forEach(k -> byKind.put(k, 0));
        active.addListener((obs, old, now) -> {
            if (now && stale) {
                compute();
            }
        });
        vm.filter().problemEntries().forEach(p -> byKind.merge(p.problem().kind(), 1, Integer::sum));
        byKind.values().removeIf(n -> n == 0);
        if (!byKind.equals(problems.get())) {
            problems.set(Collections.unmodifiableMap(byKind));
        }
    }

    /**
     * Whether the tab is shown: the view binds it to the tab's selection, so a hidden tab never
     * tokenizes a big file for nothing; shown again, it catches up at once.
     */
    BooleanProperty activeProperty() {
        return active;
    }

    private void request() {
        ticket++;
        stale = true;
        if (active.get()) {
            debounce.trigger();
        }
    }

    private void compute() {
        if (!active.get()) {
            return; // a wait that began while shown; stale stays set for when it shows again
        }
        long mine = ++ticket;
        stale = false;
        DataFormat format = vm.formatProperty().get();
        if (format == null || vm.rows.isEmpty()) {
            stats.set(null);
            progress.set("");
            message.set(vm.rows.isEmpty() ? "No examples yet: open a dataset or add an example."
                    : "Tunebench does not recognise this file's format, so it cannot read its examples.");
            vm.workbench.finished(ACTIVITY);
            return;
        }
        List<DatasetRecord> records = new ArrayList<>(vm.rows.size());
        vm.rows.forEach(r -> records.add(r.record()));
        TextTokenizer tok = tokens.tokenizerProperty().get();
        Optional<TemplateTokenCounter> model = Optional.ofNullable(tok).map(t -> counter(t, format));
        Object key = List.of(Optional.ofNullable(tok), format);
        Map<Long, Integer> reuse = key.equals(knownKey) ? known : Map.of();
        vm.workbench.working(ACTIVITY, Activity.indeterminate(model.isPresent() ? "Counting tokens…" : "Counting words…"));
        vm.workbench.runner().submit(AppTask.of(() -> stats(records, format, model, reuse, mine))
                .onSuccess(done -> {
                    if (mine == ticket) {
                        vm.workbench.finished(ACTIVITY);
                        knownKey = key;
                        known = done.counts();
                        progress.set("");
                        message.set("");
                        unit.set(unitText(model));
                        stats.set(done.stats());
                    }
                })
                .onFailure(error -> {
                    if (mine == ticket) {
                        vm.workbench.finished(ACTIVITY);
                        progress.set("");
                        stats.set(null);
                        message.set("The statistics could not be computed: " + error.getMessage());
                    }
                }));
    }

    private String unitText(Optional<TemplateTokenCounter> model) {
        if (model.isPresent()) {
            return "Lengths in " + model.get().describe() + "; a whole example after the chat template.";
        }
        String why = tokens.statusProperty().get();
        String folder = vm.workbench.model().folderProperty().get();
        return folder == null || folder.isEmpty()
                ? "Lengths in words. Open a model on the Model screen to count its tokens."
                : why.startsWith("Loading") ? "Lengths in words until the model's tokenizer is loaded."
                : "Lengths in words. " + why;
    }

    /** The open model's counter, as {@code data stats --model} and training pick its template. */
    private TemplateTokenCounter counter(TextTokenizer tok, DataFormat format) {
        ModelInfo info = vm.workbench.model().infoProperty().get();
        int context = info != null ? info.config().maxPositionEmbeddings() : tokens.maxLengthProperty().get();
        String folder = vm.workbench.model().folderProperty().get();
        String name = folder == null || folder.isEmpty() ? "the open model" : Path.of(folder).getFileName().toString();
        var template = SftEncoder.defaultTemplate(tok, format.label());
        return new TemplateTokenCounter(tok, template, Math.max(1, context), name + ", " + template.name() + " template");
    }

    private record Computed(DatasetStats stats, Map<Long, Integer> counts) {}

    /** Off the FX thread. */
    private Computed stats(List<DatasetRecord> records, DataFormat format, Optional<TemplateTokenCounter> model,
            Map<Long, Integer> reuse, long mine) {
        long start = System.nanoTime();
        ExampleSet set = ExampleSet.of(records, format);
        if (model.isEmpty()) {
            DatasetStats s = DatasetStats.of(set, Optional.empty());
            lastTokenized = 0;
            lastMillis = (System.nanoTime() - start) / 1_000_000;
            return new Computed(s, Map.of());
        }
        int total = StatsCounter.countsFor(set.examples());
        long[] posted = {System.nanoTime()};
        StatsCounter counter = new StatsCounter(model.get(), reuse, () -> mine != ticket, done -> {
            long now = System.nanoTime();
            synchronized (posted) {
                if (now - posted[0] < 300_000_000L) {
                    return;
                }
                posted[0] = now;
            }
            fx.accept(() -> showProgress(mine, done, total));
        });
        DatasetStats s = DatasetStats.of(set, Optional.of((TokenCounter) counter));
        lastTokenized = counter.tokenized();
        lastMillis = (System.nanoTime() - start) / 1_000_000;
        return new Computed(s, counter.counts());
    }

    private void showProgress(long mine, int done, int total) {
        if (mine == ticket) {
            String text = String.format("Counting tokens %,d of %,d…", Math.min(done, total), total);
            progress.set(text);
            vm.workbench.working(ACTIVITY, new Activity(text, Math.min(1.0, (double) done / Math.max(1, total))));
        }
    }
}
