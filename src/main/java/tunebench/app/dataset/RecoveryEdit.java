package tunebench.app.dataset;

import java.util.List;
import javafx.collections.ObservableList;

/**
 * Autosaved rows put back over the file as read, as one edit: Undo returns to the file's
 * version, Redo to the recovered one. Rows the autosave did not change are the same row objects
 * in both, so their selection and problems carry over.
 */
final class RecoveryEdit implements DatasetEdit {

    private final ObservableList<DatasetRow> rows;
    private final List<DatasetRow> before;
    private final List<DatasetRow> after;
    private final List<DatasetRow> changed;

    /** @param changed the recovered rows that differ from the file, shown after the edit */
    RecoveryEdit(ObservableList<DatasetRow> rows, List<DatasetRow> after, List<DatasetRow> changed) {
        this.rows = rows;
        this.before = List.copyOf(rows);
        this.after = List.copyOf(after);
        this.changed = List.copyOf(changed);
    }

    @Override
    public void apply() {
        rows.setAll(after);
    }

    @Override
    public void revert() {
        rows.setAll(before);
    }

    @Override
    public String description() {
        return "recovery of autosaved edits";
    }

    @Override
    public List<DatasetRow> rowsToShow(boolean reverted) {
        List<DatasetRow> present = reverted ? before : after;
        return changed.isEmpty() || reverted ? present.stream().limit(1).toList() : changed.subList(0, 1);
    }
}
