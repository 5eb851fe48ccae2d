package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.SftDataset;

/**
 * One row of the dataset table: the record it shows now, its problems and its 1-based position.
 * A row has its own problem (the record checked alone, kept current on every edit) and the
 * problems a whole-file validation found (duplicates, length, balance), which hold until its
 * content changes. A row keeps its identity while its record is edited, so undo, the selection
 * and the problems list can hold on to it.
 */
public final class DatasetRow {

    private final ObjectProperty<DatasetRecord> record;
    private final ReadOnlyObjectWrapper<DataProblem> problem = new ReadOnlyObjectWrapper<>(this, "problem");
    private final ReadOnlyIntegerWrapper number = new ReadOnlyIntegerWrapper(this, "number");
    private DataProblem own;
    private List<RowProblem> fromFile = List.of();

    DatasetRow(DatasetRecord record) {
        this.record = new SimpleObjectProperty<>(this, "record", record);
        // Added before any other listener: what the file check said no longer holds once edited.
        this.record.addListener((obs, old, now) -> {
            if (!fromFile.isEmpty() && (old.isRaw() != now.isRaw()
                    || !Objects.equals(old.compactJson(), now.compactJson()))) {
                setFileProblems(List.of());
            }
        });
    }

    public DatasetRecord record() {
        return record.get();
    }

    /** Changed through edits on the undo stack only. */
    ReadOnlyObjectProperty<DatasetRecord> recordProperty() {
        return record;
    }

    void setRecord(DatasetRecord value) {
        record.set(value);
    }

    /** The first problem: its own when it has one, else the first the file check found; null when none. */
    public DataProblem problem() {
        return problem.get();
    }

    public ReadOnlyObjectProperty<DataProblem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Its own problem, from checking the record alone. */
    void setProblem(DataProblem value) {
        own = value;
        problem.set(own != null ? own : fromFile.isEmpty() ? null : fromFile.get(0).problem());
    }

    /** The record's problem checked alone; null when it has none. */
    DataProblem ownProblem() {
        return own;
    }

    /** What the latest whole-file validation found in this row. */
    void setFileProblems(List<RowProblem> found) {
        fromFile = List.copyOf(found);
        setProblem(own);
    }

    /** Every problem of the row: its own first, then the file check's, each with its related row. */
    public List<RowProblem> problems() {
        if (own == null) {
            return fromFile;
        }
        List<RowProblem> all = new ArrayList<>(fromFile.size() + 1);
        all.add(new RowProblem(this, own, null));
        all.addAll(fromFile);
        return all;
    }

    /** Whether any of its problems is of this kind. */
    public boolean hasProblem(String kind) {
        if (own != null && own.kind().equals(kind)) {
            return true;
        }
        for (RowProblem p : fromFile) {
            if (p.problem().kind().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    public int number() {
        return number.get();
    }

    public ReadOnlyIntegerProperty numberProperty() {
        return number.getReadOnlyProperty();
    }

    void setNumber(int value) {
        number.set(value);
    }

    /** The problem's sentence, or "" when there is none. */
    public String problemMessage() {
        return problem() == null ? "" : readable(problem().message());
    }

    /** A parser message without the parser's location note, which says nothing to a user. */
    static String readable(String message) {
        return SftDataset.withoutSource(message);
    }

    /** "line 12", or "new" for a row not saved yet. */
    public String lineText() {
        int line = record().line();
        return line > 0 ? "line " + line : "new";
    }

    @Override
    public String toString() {
        return "row " + number() + " (" + lineText() + ")";
    }
}
