package tunebench.app.dataset;

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
 * One row of the dataset table: the record it shows now, its problem (null when training can
 * use it) and its 1-based position. A row keeps its identity while its record is edited, so
 * undo, the selection and the problems list can hold on to it.
 */
public final class DatasetRow {


    private final ObjectProperty<DatasetRecord> record;
    private final ReadOnlyObjectWrapper<DataProblem> problem = new ReadOnlyObjectWrapper<>(this, "problem");
    private final ReadOnlyIntegerWrapper number = new ReadOnlyIntegerWrapper(this, "number");

    DatasetRow(DatasetRecord record) {
        this.record = new SimpleObjectProperty<>(this, "record", record);
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

    public DataProblem problem() {
        return problem.get();
    }

    public ReadOnlyObjectProperty<DataProblem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    void setProblem(DataProblem value) {
        problem.set(value);
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
