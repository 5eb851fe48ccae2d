package tunebench.app.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import tunebench.app.Activity;
import tunebench.app.AppTask;
import tunebench.engine.data.Counting;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.Shuffle;

/**
 * The Fix menu's state and actions. Removing duplicates and near duplicates and shuffling are
 * edits of the open rows (one undoable edit each); split and convert write new files from the
 * rows as they are now, off the FX thread, never over the open file (see {@link FixFiles}).
 * Each says what it changed in one line.
 */
final class FixActions {

    static final long DEFAULT_SEED = 42;
    static final String ACTIVITY = "dataset-fix";

    private final DatasetViewModel vm;
    private final FileChecks checks;
    private final ReadOnlyStringWrapper duplicatesText = new ReadOnlyStringWrapper(this, "duplicatesText", "");
    private final ReadOnlyStringWrapper nearText = new ReadOnlyStringWrapper(this, "nearText", "");
    private final ReadOnlyBooleanWrapper canRemoveDuplicates = new ReadOnlyBooleanWrapper(this, "canRemoveDuplicates");
    private final ReadOnlyBooleanWrapper canRemoveNear = new ReadOnlyBooleanWrapper(this, "canRemoveNear");
    private final ReadOnlyBooleanWrapper canReorder = new ReadOnlyBooleanWrapper(this, "canReorder");
    private final ReadOnlyBooleanWrapper canWrite = new ReadOnlyBooleanWrapper(this, "canWrite");
    private final ReadOnlyBooleanWrapper writing = new ReadOnlyBooleanWrapper(this, "writing");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyObjectWrapper<Path> openable = new ReadOnlyObjectWrapper<>(this, "openable");
    private List<DatasetRow> duplicates = List.of();
    private List<DatasetRow> near = List.of();

    FixActions(DatasetViewModel vm, FileChecks checks) {
        this.vm = vm;
        this.checks = checks;
        for (Observable o : List.<Observable>of(vm.rows, checks.currentProperty(), vm.files().fileProperty(),
                vm.formatProperty(), writing)) {
            o.addListener(x -> refresh());
        }
        refresh();
    }

    /** What the fixes would do now: each is enabled only when it has something to do. */
    private void refresh() {
        boolean current = checks.currentProperty().get();
        duplicates = repeats(DataProblem.DUPLICATE);
        near = repeats(DataProblem.NEAR_DUPLICATE);
        canRemoveDuplicates.set(current && !duplicates.isEmpty());
        canRemoveNear.set(current && !near.isEmpty());
        duplicatesText.set(!current && !vm.rows.isEmpty() ? "Remove exact duplicates (checking…)"
                : duplicates.isEmpty() ? "No exact duplicates"
                : "Remove " + Counting.of(duplicates.size(), "exact duplicate"));
        nearText.set(!current && !vm.rows.isEmpty() ? "Keep one of each near-duplicate cluster (checking…)"
                : near.isEmpty() ? "No near duplicates"
                : "Keep one of each near-duplicate cluster (removes " + near.size() + ")");
        boolean open = vm.files().fileProperty().get() != null;
        canReorder.set(open && vm.rows.size() > 1);
        canWrite.set(open && !vm.rows.isEmpty() && !writing.get());
    }

    /**
     * Rows the last check found repeating another row that is still there: removing them keeps
     * that first one. A near duplicate is reported against its cluster's first example.
     */
    private List<DatasetRow> repeats(String kind) {
        Set<DatasetRow> present = new LinkedHashSet<>(vm.rows);
        List<DatasetRow> found = new ArrayList<>();
        for (DatasetRow row : vm.rows) {
            boolean repeats = row.problems().stream().anyMatch(p -> p.problem().kind().equals(kind)
                    && p.related() != null && p.related() != row && present.contains(p.related()));
            if (repeats) {
                found.add(row);
            }
        }
        return found;
    }

    // ---- edits of the open rows ----

    void removeDuplicates() {
        remove(duplicates, "exact duplicate", "");
    }

    void keepOnePerCluster() {
        long clusters = near.stream().flatMap(r -> r.problems().stream())
                .filter(p -> p.problem().kind().equals(DataProblem.NEAR_DUPLICATE))
                .map(RowProblem::related).filter(Objects::nonNull).distinct().count();
        remove(near, "near duplicate", clusters == 1 ? ", keeping the first example of its cluster"
                : ", keeping the first example of each of " + clusters + " clusters");
    }

    private void remove(List<DatasetRow> doomed, String noun, String keeping) {
        if (doomed.isEmpty() || !checks.currentProperty().get()) {
            return;
        }
        String what = Counting.of(doomed.size(), noun);
        String lines = lines(doomed);
        vm.apply(RowsEdit.delete(vm.rows, doomed, "removal of " + what));
        say("Removed " + what + " (" + lines + ")" + keeping + ". Undo brings " + (doomed.size() == 1 ? "it" : "them")
                + " back; Save writes the file.", null);
    }

    /** "line 13", "lines 13 and 16", "lines 13, 16, 20, 31, 40 and 7 more". */
    static String lines(List<DatasetRow> rows) {
        List<String> each = rows.stream().map(r -> r.record().line() > 0 ? String.valueOf(r.record().line())
                : "new example " + r.number()).toList();
        if (each.size() == 1) {
            return rows.get(0).record().line() > 0 ? "line " + each.get(0) : each.get(0);
        }
        int shown = Math.min(each.size(), 5);
        String head = String.join(", ", each.subList(0, shown == each.size() ? shown - 1 : shown));
        String tail = shown == each.size() ? each.get(shown - 1) : (each.size() - shown) + " more";
        return "lines " + head + " and " + tail;
    }

    /** The rows in a seeded random order, as `data shuffle --seed` orders the file's records. */
    void shuffle(long seed) {
        if (!canReorder.get()) {
            return;
        }
        vm.apply(ReplaceRowsEdit.reorder(vm.rows, Shuffle.of(vm.rows, seed), "shuffle with seed " + seed));
        say("Shuffled " + Counting.of(vm.rows.size(), "example") + " with seed " + seed
                + ". Undo puts back the order; Save writes the file.", null);
    }

    // ---- new files, from the rows as they are now ----

    /** The files split and convert work on: the rows as they are now, unsaved edits included. */
    FixFiles files() {
        return new FixFiles(vm.files().documentProperty().get(), vm.rows.stream().map(DatasetRow::record).toList(),
                vm.dirtyProperty().get());
    }

    /** Writes the split (see {@link FixFiles#split}) in the background and says what it wrote. */
    void split(Path train, Path validation, double fraction, long seed) {
        FixFiles source = files();
        write("Splitting into train and validation…", () -> source.split(train, validation, fraction, seed), null);
    }

    /** Converts the rows to {@code target} in {@code out} and offers to open it. */
    void convert(DataFormat target, Path out) {
        FixFiles source = files();
        write("Converting to " + target.displayName() + "…", () -> source.convert(target, out), out);
    }

    private void write(String doing, Callable<String> work, Path result) {
        if (writing.get()) {
            return;
        }
        writing.set(true);
        vm.workbench.working(ACTIVITY, Activity.indeterminate(doing));
        vm.workbench.runner().submit(AppTask.of(work)
                .onSuccess(done -> {
                    writing.set(false);
                    vm.workbench.finished(ACTIVITY);
                    say(done, result);
                })
                .onFailure(error -> {
                    writing.set(false);
                    vm.workbench.finished(ACTIVITY);
                    say(FixFiles.reason(error), null);
                    failed.set(true);
                }));
    }

    private void say(String text, Path open) {
        failed.set(false);
        openable.set(open);
        message.set(text);
    }

    void dismissMessage() {
        say("", null);
    }

    // ---- what the view reads ----

    /** The format the rows are in; null when none is recognised. */
    DataFormat currentFormat() {
        return vm.formatProperty().get();
    }

    ReadOnlyStringProperty duplicatesTextProperty() {
        return duplicatesText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty nearTextProperty() {
        return nearText.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canRemoveDuplicatesProperty() {
        return canRemoveDuplicates.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canRemoveNearProperty() {
        return canRemoveNear.getReadOnlyProperty();
    }

    /** Whether shuffling can change anything: a file with two rows or more. */
    ReadOnlyBooleanProperty canReorderProperty() {
        return canReorder.getReadOnlyProperty();
    }

    /** Whether split and convert can run: a file with rows, no other write running. */
    ReadOnlyBooleanProperty canWriteProperty() {
        return canWrite.getReadOnlyProperty();
    }

    /** What the last fix changed, or why it could not; empty when there is nothing to say. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether the message says a fix failed. */
    ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** A file the last fix wrote that the user may want to open; null when none. */
    ReadOnlyObjectProperty<Path> openableProperty() {
        return openable.getReadOnlyProperty();
    }
}
