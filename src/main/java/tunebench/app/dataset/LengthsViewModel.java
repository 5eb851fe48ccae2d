package tunebench.app.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.util.Duration;
import tunebench.app.Activity;
import tunebench.app.AppTask;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.TemplatePreviewer;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * The Lengths chart's state: every example's token count after the chat template, counted in
 * the background when the file, the model or the format changes and a while after edits
 * settle. Counts are kept by content, so after an edit only the changed examples are counted
 * again; the chart fills in while a big file is counted (the status bar shows progress).
 */
final class LengthsViewModel {

    static final Duration DELAY = Duration.millis(800);
    static final String ACTIVITY = "dataset-lengths";
    private static final int BINS = 40;

    private final DatasetViewModel vm;
    private final ModelTokenizer tokens;
    private final Consumer<Runnable> fx; // Platform::runLater in the app
    private final Debounce debounce;
    private final ReadOnlyObjectWrapper<LengthHistogramData> histogram =
            new ReadOnlyObjectWrapper<>(this, "histogram", LengthHistogramData.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<CountedLengths> counted =
            new ReadOnlyObjectWrapper<>(this, "counted", CountedLengths.NONE);
    private final Map<Long, Integer> cache = new ConcurrentHashMap<>(); // content hash -> length
    private Object cacheKey; // the tokenizer and format the cache was counted with
    private volatile long ticket;
    private int[] last = new int[0];
    private volatile long lastMillis;
    private volatile int lastCounted;

    LengthsViewModel(DatasetViewModel vm, ModelTokenizer tokens, Duration delay, Consumer<Runnable> fx) {
        this.vm = vm;
        this.tokens = tokens;
        this.fx = fx;
        this.debounce = new Debounce(delay, this::compute);
        RowsWatch.onChange(vm.rows, this::request);
        tokens.tokenizerProperty().addListener((obs, old, now) -> request());
        vm.formatProperty().addListener((obs, old, now) -> request());
        tokens.maxLengthProperty().addListener((obs, old, now) ->
                histogram.set(LengthHistogramData.of(last, now.intValue(), BINS)));
        request();
    }

    ReadOnlyObjectProperty<LengthHistogramData> histogramProperty() {
        return histogram.getReadOnlyProperty();
    }

    /** Why there is no chart, as a sentence; empty when there is one. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    IntegerProperty maxLengthProperty() {
        return tokens.maxLengthProperty();
    }

    /** The last finished count, with the lines counted: too-long problems come from it. */
    ReadOnlyObjectProperty<CountedLengths> countedProperty() {
        return counted.getReadOnlyProperty();
    }

    /**
     * Examples of the last count over the max length whose records are still in the rows
     * unedited, as the validator would report them.
     */
    List<DataProblem> tooLong() {
        return counted.get().tooLong(tokens.maxLengthProperty().get(), vm.rows.stream().map(DatasetRow::record).toList());
    }

    /** How long the last count took, in milliseconds. */
    long lastMillis() {
        return lastMillis;
    }

    /** How many examples the last count tokenized (the rest came from the cache). */
    int lastCounted() {
        return lastCounted;
    }

    private void request() {
        ticket++;
        debounce.trigger();
    }

    private void compute() {
        long mine = ++ticket;
        TextTokenizer tok = tokens.tokenizerProperty().get();
        DataFormat format = vm.formatProperty().get();
        if (tok == null || format == null || vm.rows.isEmpty()) {
            last = new int[0];
            counted.set(CountedLengths.NONE);
            histogram.set(LengthHistogramData.EMPTY);
            message.set(tok == null ? tokens.statusProperty().get()
                    : vm.rows.isEmpty() ? "No examples to count." : "Tunebench does not recognise this file's format.");
            vm.workbench.finished(ACTIVITY);
            return;
        }
        message.set("");
        List<DatasetRecord> records = new ArrayList<>(vm.rows.size());
        vm.rows.forEach(r -> records.add(r.record()));
        vm.workbench.working(ACTIVITY, new Activity("Counting tokens", 0));
        String folder = vm.workbench.model().folderProperty().get();
        String model = folder == null || folder.isEmpty() ? "the open model" : Path.of(folder).getFileName().toString();
        vm.workbench.runner().submit(AppTask.of(() -> count(tok, format, records, model, mine))
                .onSuccess(done -> {
                    if (mine == ticket) {
                        vm.workbench.finished(ACTIVITY);
                        last = done.lengths();
                        histogram.set(LengthHistogramData.of(last, tokens.maxLengthProperty().get(), BINS));
                        counted.set(done);
                    }
                })
                .onFailure(error -> {
                    if (mine == ticket) {
                        vm.workbench.finished(ACTIVITY);
                        message.set("The token lengths could not be counted: " + error.getMessage());
                    }
                }));
    }

    /** Off the FX thread. Examples the cache knows are not counted again. */
    private CountedLengths count(TextTokenizer tok, DataFormat format, List<DatasetRecord> records,
            String model, long mine) {
        long start = System.nanoTime();
        Object key = List.of(tok, format);
        if (!key.equals(cacheKey)) {
            cache.clear();
            cacheKey = key;
        }
        List<Example> examples = ExampleSet.of(records, format).examples();
        int[] lengths = new int[examples.size()];
        long[] hashes = new long[examples.size()];
        List<Conversation> todo = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            // A preference pair is as long as its longer side, as the validator counts it.
            hashes[i] = hash(e.conversation()) * 31 + (e.isPreference() ? e.rejected().hashCode() : 0);
            Integer known = cache.get(hashes[i]);
            if (known != null) {
                lengths[i] = known;
            } else {
                lengths[i] = Integer.MIN_VALUE;
                todo.add(e.conversation());
                where.add(i);
                if (e.isPreference()) {
                    todo.add(e.rejectedConversation());
                    where.add(i);
                }
            }
        }
        int[] counted = new int[todo.size()];
        long[] posted = {System.nanoTime()};
        TemplatePreviewer previewer = TemplatePreviewer.forFormat(tok, format);
        previewer.lengths(todo, counted, done -> {
            long now = System.nanoTime();
            synchronized (posted) {
                if (now - posted[0] < 400_000_000L || done == todo.size()) {
                    return;
                }
                posted[0] = now;
            }
            int[] partial = lengths.clone();
            for (int j = 0; j < counted.length; j++) {
                partial[where.get(j)] = Math.max(partial[where.get(j)], counted[j]);
            }
            for (int i = 0; i < partial.length; i++) {
                partial[i] = Math.max(partial[i], 0); // not counted yet
            }
            double progress = (double) done / todo.size();
            fx.accept(() -> {
                if (mine == ticket) {
                    vm.workbench.working(ACTIVITY, new Activity(String.format("Counting tokens %,d of %,d", done, todo.size()), progress));
                    histogram.set(LengthHistogramData.of(partial, tokens.maxLengthProperty().get(), BINS));
                }
            });
        }, () -> mine != ticket);
        for (int j = 0; j < counted.length; j++) {
            lengths[where.get(j)] = Math.max(lengths[where.get(j)], counted[j]);
        }
        for (int i : where) {
            if (lengths[i] == Integer.MIN_VALUE) {
                lengths[i] = 0; // a count stopped before it
            } else if (lengths[i] != 0) {
                cache.put(hashes[i], lengths[i]);
            }
        }
        lastMillis = (System.nanoTime() - start) / 1_000_000;
        lastCounted = todo.size();
        int[] lines = examples.stream().mapToInt(Example::line).toArray();
        return new CountedLengths(records, lines, lengths, model + ", " + previewer.template().name() + " template");
    }

    /** A 64-bit content hash: with 100,000 examples a 32-bit one would likely collide. */
    static long hash(Conversation c) {
        long h = 0xcbf29ce484222325L;
        for (ChatMessage m : c.messages()) {
            for (String s : new String[] {m.role(), m.content()}) {
                for (int i = 0; i < s.length(); i++) {
                    h = (h ^ s.charAt(i)) * 0x100000001b3L;
                }
                h = (h ^ 0x1f) * 0x100000001b3L;
            }
        }
        return h;
    }
}
