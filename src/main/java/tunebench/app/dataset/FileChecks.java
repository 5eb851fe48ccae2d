package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.util.Duration;
import tunebench.app.Activity;
import tunebench.app.AppTask;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DatasetValidator;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.TemplatePreviewer;
import tunebench.engine.data.ValidationOptions;

/**
 * The checks that need the whole file (exact and near duplicates, category balance), run in
 * the background when a file opens and a second after edits settle, as `data validate` runs
 * them. Too-long examples come from the Lengths chart's count, so no file is tokenized twice.
 * A result for rows that changed meanwhile is dropped: the next check tells.
 */
final class FileChecks {

    static final Duration DELAY = Duration.millis(1000);
    static final String ACTIVITY = "dataset-checks";

    private final DatasetViewModel vm;
    private final LengthsViewModel lengths;
    private final Debounce debounce;
    private final ReadOnlyBooleanWrapper current = new ReadOnlyBooleanWrapper(this, "current");
    private List<DataProblem> found = List.of();
    private List<DatasetRecord> checkedRecords = List.of(); // the rows' records found was checked on
    private long ticket;

    FileChecks(DatasetViewModel vm, LengthsViewModel lengths, Duration delay) {
        this.vm = vm;
        this.lengths = lengths;
        this.debounce = new Debounce(delay, this::check);
        RowsWatch.onChange(vm.rows, this::request);
        vm.formatProperty().addListener((obs, old, now) -> request());
        // A count or a max length that changes what is too long: the rest still holds.
        lengths.countedProperty().addListener((obs, old, now) -> handOver());
        lengths.maxLengthProperty().addListener((obs, old, now) -> handOver());
        request();
    }

    /**
     * Whether the duplicates and near duplicates on the rows are those of the rows as they are
     * now: false from an edit until its check is done. Fixes that remove rows wait for it.
     */
    ReadOnlyBooleanProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    private void request() {
        ticket++;
        current.set(false);
        debounce.trigger();
    }

    private void check() {
        long mine = ++ticket;
        DataFormat format = vm.formatProperty().get();
        if (format == null || vm.rows.isEmpty()) {
            vm.workbench.finished(ACTIVITY);
            checked(mine, List.of(), List.of());
            return;
        }
        List<DatasetRecord> records = new ArrayList<>(vm.rows.size());
        vm.rows.forEach(r -> records.add(r.record()));
        vm.workbench.working(ACTIVITY, Activity.indeterminate("Checking for duplicates and balance…"));
        vm.workbench.runner().submit(AppTask.of(() -> validate(records, format))
                .onSuccess(problems -> {
                    if (mine == ticket) {
                        vm.workbench.finished(ACTIVITY);
                        checked(mine, problems, records);
                    }
                })
                .onFailure(error -> {
                    if (mine == ticket) {
                        vm.workbench.finished(ACTIVITY);
                        System.err.println("[checks] the whole-file check failed: " + error);
                        checked(mine, List.of(), List.of());
                    }
                }));
    }

    /** Off the FX thread. */
    private static List<DataProblem> validate(List<DatasetRecord> records, DataFormat format) {
        return DatasetValidator.validate(ExampleSet.of(records, format),
                ValidationOptions.defaults()).problems();
    }

    private void checked(long mine, List<DataProblem> problems, List<DatasetRecord> records) {
        found = problems;
        checkedRecords = records;
        handOver();
        current.set(mine == ticket);
    }

    /** The last check's problems whose record, and the record it repeats, are unedited since. */
    private List<DataProblem> stillHolding() {
        Set<DatasetRecord> now = Collections.newSetFromMap(new IdentityHashMap<>());
        vm.rows.forEach(r -> now.add(r.record()));
        Map<Integer, DatasetRecord> byLine = new HashMap<>();
        checkedRecords.forEach(r -> byLine.putIfAbsent(r.line(), r));
        List<DataProblem> holding = new ArrayList<>();
        for (DataProblem p : found) {
            boolean holds = now.contains(byLine.get(p.line()))
                    && (!p.hasRelatedLine() || now.contains(byLine.get(p.relatedLine())));
            if (holds) {
                holding.add(p);
            }
        }
        return holding;
    }

    /** Both parts every time: the list handed over replaces the last one. */
    private void handOver() {
        List<DataProblem> all = current.get() ? new ArrayList<>(found) : stillHolding();
        all.addAll(lengths.tooLong());
        vm.fileProblemsChecked(all);
    }
}
