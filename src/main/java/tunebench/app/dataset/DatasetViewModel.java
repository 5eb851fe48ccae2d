package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.Navigation.Section;
import tunebench.app.Workbench;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.TurnFields;

/**
 * State of the Dataset screen as JavaFX properties: the rows of the open file, their problems,
 * the filter, the undo history and whether anything is unsaved. Every change to the rows goes
 * through the {@link UndoStack}; each changed row is checked again as training would check it.
 * Reading and writing files is left to {@link DatasetFiles}.
 */
public final class DatasetViewModel {

    private static final int UNDO_LIMIT = 500;

    final Workbench workbench;
    final ObservableList<DatasetRow> rows = FXCollections.observableArrayList();
    private final ObservableList<DatasetRow> problems = FXCollections.observableArrayList();
    private final RowFilter filter = new RowFilter(rows, problems);
    private final RowChecks checks = new RowChecks(rows, problems, this::settled);
    final UndoStack undo = new UndoStack(UNDO_LIMIT);
    final DatasetFiles files;
    private Consumer<List<DatasetRow>> onShowRows = shown -> {};
    private RecordEdit typing; // the edit that further typing into the same field extends

    public DatasetViewModel(Workbench workbench) {
        this(workbench, Autosave.Setup.standard());
    }

    /** With the autosave's folder, threads and clock chosen (tests). */
    DatasetViewModel(Workbench workbench, Autosave.Setup autosave) {
        this.workbench = workbench;
        this.files = new DatasetFiles(this, autosave);
    }

    /** Opening, saving and the file's own properties. */
    public DatasetFiles files() {
        return files;
    }

    // ---- edits, each one undoable ----

    /** Typing into a field: consecutive typing into one field of one row is one edit. */
    public void editText(DatasetRow row, String field, String value) {
        DatasetRecord now = row.record();
        if (now.isText(field) && !Objects.equals(now.text(field), value)) {
            type(row, "field " + field, now.withText(field, value),
                    "edit of " + field + " in example " + row.number());
        }
    }

    public void editTurn(DatasetRow row, int index, String role, String content) {
        DatasetRecord now = row.record();
        DataFormat f = checks.format();
        if (f != null && now.turns(f).isPresent()) {
            type(row, "turn " + index, now.withTurn(f, index, role, content),
                    "edit of turn " + (index + 1) + " in example " + row.number());
        }
    }

    /** A turn after the last, for the role that answers it. */
    public void addTurn(DatasetRow row) {
        DataFormat f = checks.format();
        List<?> turns = f == null ? null : row.record().turns(f).orElse(null);
        if (turns == null) {
            return;
        }
        TurnFields fields = TurnFields.of(f).orElseThrow();
        String last = turns.isEmpty() ? "" : row.record().turns(f).get().get(turns.size() - 1).role();
        push(new RecordEdit(row, row.record().withTurnInserted(f, turns.size(), fields.roleAfter(last)),
                "turns", "new turn in example " + row.number()));
    }

    public void removeTurn(DatasetRow row, int index) {
        DataFormat f = checks.format();
        push(new RecordEdit(row, row.record().withTurnRemoved(f, index), "turns",
                "removal of turn " + (index + 1) + " in example " + row.number()));
    }

    /**
     * Replaces the record with the JSON text. A record that parses is never turned into a broken
     * one; a broken (raw) row takes the text either way, fixed or not.
     *
     * @return why the text is not a record, or null when it is one
     */
    public String editJson(DatasetRow row, String text) {
        DatasetRecord now = row.record();
        DatasetRecord next = now.withJson(text);
        if (next.isRaw() && !now.isRaw()) {
            return next.error();
        }
        if (!next.json().equals(now.json()) || now.isRaw() != next.isRaw()) {
            push(new RecordEdit(row, next, "json", "JSON edit of example " + row.number()));
        }
        return next.isRaw() ? next.error() : null;
    }

    /** An empty example after {@code after} (at the end when null), shown and selected. */
    public DatasetRow addRow(DatasetRow after) {
        int index = after == null ? rows.size() : rows.indexOf(after) + 1;
        DatasetRow row = checks.newRow(DatasetRecord.blank(Optional.ofNullable(checks.format())));
        filter.clear(); // a new empty row matches no filter
        push(RowsEdit.insert(rows, index, List.of(row), "new example " + (index + 1)));
        return row;
    }

    /** Copies of the rows, in their order, after the last of them. */
    public void duplicateRows(List<DatasetRow> selected) {
        List<DatasetRow> ordered = inOrder(selected);
        if (ordered.isEmpty()) {
            return;
        }
        int index = rows.indexOf(ordered.get(ordered.size() - 1)) + 1;
        List<DatasetRow> copies = ordered.stream().map(r -> checks.newRow(r.record().atLine(0))).toList();
        push(RowsEdit.insert(rows, index, copies, copies.size() == 1
                ? "copy of example " + ordered.get(0).number() : "copy of " + copies.size() + " examples"));
    }

    public void deleteRows(List<DatasetRow> selected) {
        RowsEdit edit = RowsEdit.delete(rows, selected, selected.size() == 1
                ? "deletion of example " + selected.get(0).number()
                : "deletion of " + selected.size() + " examples");
        if (!edit.isEmpty()) {
            push(edit);
        }
    }

    public void undo() {
        typing = null;
        checks.batch(() -> Optional.ofNullable(undo.undo()).ifPresent(e -> onShowRows.accept(e.rowsToShow(true))));
    }

    public void redo() {
        typing = null;
        checks.batch(() -> Optional.ofNullable(undo.redo()).ifPresent(e -> onShowRows.accept(e.rowsToShow(false))));
    }

    /** Typing that follows starts a new edit (the editor lost focus, another row was chosen). */
    public void endTyping() {
        typing = null;
    }

    /** Clears the filter if it hides the row, then asks the view to select it. */
    public void reveal(DatasetRow row) {
        if (!filter.shows(row)) {
            filter.clear();
        }
        onShowRows.accept(List.of(row));
    }

    public void trainOnThis() {
        workbench.sectionProperty().set(Section.TRAIN);
    }

    // ---- keeping rows, problems and the summary current ----

    /**
     * Whole-file problems (duplicates, lengths, balance...) from a background validation of the
     * rows as they were; each replaces the last. Attached by line, with the row a duplicate
     * repeats; a row edited since keeps none, as the next validation will tell.
     */
    public void fileProblemsChecked(List<DataProblem> found) {
        FileProblems.attach(rows, found);
        List<DatasetRow> now = rows.stream().filter(r -> r.problem() != null).toList();
        if (!now.equals(problems)) {
            problems.setAll(now);
        }
        filter.updateSummary();
    }

    /** Autosaved records over the rows as read, as one edit; unchanged records keep their rows. */
    void recovered(List<DatasetRecord> records) {
        Map<DatasetRecord, DatasetRow> own = new IdentityHashMap<>();
        rows.forEach(r -> own.put(r.record(), r));
        List<DatasetRow> changed = new ArrayList<>();
        List<DatasetRow> after = records.stream().map(r -> Optional.ofNullable(own.remove(r)).orElseGet(() -> {
            DatasetRow row = checks.newRow(r);
            changed.add(row);
            return row;
        })).toList();
        push(new ReplaceRowsEdit(rows, after, changed, "recovery of autosaved edits"));
    }

    private void settled() {
        filter.updateSummary();
        if (files != null) {
            files.autosave().rowsChanged();
        }
    }

    /** The kind and category filters, their choices and the problems list. */
    RowFilter filter() {
        return filter;
    }

    /** New rows of a document just read, replacing the old ones and their history. */
    void replaceRows(List<DatasetRecord> records, List<DataProblem> checked, DataFormat detected) {
        typing = null;
        filter.clear();
        checks.replaceAll(records.stream().map(checks::newRow).toList(), checked, detected);
        undo.clear();
        onShowRows.accept(rows.isEmpty() ? List.of() : List.of(rows.get(0)));
    }

    /** After a save: rows not edited meanwhile take the saved record (its new line and text). */
    void rowsSaved(List<DatasetRow> savedRows, List<DatasetRecord> before, List<DatasetRecord> after) {
        checks.batch(() -> {
            for (int i = 0; i < savedRows.size(); i++) {
                if (savedRows.get(i).record() == before.get(i)) {
                    savedRows.get(i).setRecord(after.get(i));
                }
            }
        });
    }

    void beforeSave() {
        typing = null;
    }

    private void type(DatasetRow row, String key, DatasetRecord after, String description) {
        checks.batch(() -> {
            if (typing != null && undo.top() == typing && typing.continues(row, key)) {
                typing.extend(after);
                undo.update();
            } else {
                typing = new RecordEdit(row, after, key, description);
                undo.push(typing);
            }
        });
    }

    /** An edit made elsewhere (a fix from the Fix menu), applied and put on the undo stack. */
    void apply(DatasetEdit edit) {
        push(edit);
    }

    private void push(DatasetEdit edit) {
        typing = null;
        checks.batch(() -> undo.push(edit));
        onShowRows.accept(edit.rowsToShow(false));
    }

    private List<DatasetRow> inOrder(List<DatasetRow> selected) {
        List<DatasetRow> ordered = new ArrayList<>(selected);
        ordered.sort(Comparator.comparingInt(DatasetRow::number));
        return ordered;
    }

    // ---- what the view reads ----

    /** Every row, in file order. */
    public ObservableList<DatasetRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The rows the filter lets through: the table's items. */
    public ObservableList<DatasetRow> visibleRows() {
        return filter.visible();
    }

    /** Rows with a problem, in file order. */
    public ObservableList<DatasetRow> problemRows() {
        return FXCollections.unmodifiableObservableList(problems);
    }

    /** The format the rows are in; null when none is recognised (or nothing is open). */
    public ReadOnlyObjectProperty<DataFormat> formatProperty() {
        return checks.formatProperty();
    }

    /** "1,200 examples · 0 problems", or "Showing 12 of ..." while filtered. */
    public ReadOnlyStringProperty summaryProperty() {
        return filter.summaryProperty();
    }

    /** Text every shown row contains (in any of its strings), case ignored. */
    public StringProperty filterProperty() {
        return filter.textProperty();
    }

    public BooleanProperty problemsOnlyProperty() {
        return filter.problemsOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return undo.dirtyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return undo.canUndoProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return undo.canRedoProperty();
    }

    public ReadOnlyStringProperty undoTextProperty() {
        return undo.undoTextProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return undo.redoTextProperty();
    }

    /** Where the view learns which rows to select and scroll to after an action. */
    public void setOnShowRows(Consumer<List<DatasetRow>> handler) {
        this.onShowRows = Objects.requireNonNull(handler);
    }
}
