package tunebench.app.dataset;

import java.util.List;
import javafx.collections.ObservableList;

/**
 * Every row replaced at once, as one edit: autosaved rows put back over the file as read, or
 * the same rows in another order (a shuffle). Undo returns to the rows before. Rows present on
 * both sides are the same objects, so their edits, selection and problems carry over.
 */
final class ReplaceRowsEdit implements DatasetEdit {

    private final ObservableList<DatasetRow> rows;
    private final List<DatasetRow> before;
    private final List<DatasetRow> after;
    private final List<DatasetRow> changed;
    private final String description;

    /**
     * @param changed the new rows to show after the edit (the recovered ones that differ from
     *                the file); empty shows the first row
     */
    ReplaceRowsEdit(ObservableList<DatasetRow> rows, List<DatasetRow> after, List<DatasetRow> changed,
            String description) {
        this.rows = rows;
        this.before = List.copyOf(rows);
        this.after = List.copyOf(after);
        this.changed = List.copyOf(changed);
        this.description = description;
    }

    /** The same rows in another order. */
    static ReplaceRowsEdit reorder(ObservableList<DatasetRow> rows, List<DatasetRow> after, String description) {
        if (after.size() != rows.size()) {
            throw new IllegalArgumentException("a reorder keeps every row");
        }
        return new ReplaceRowsEdit(rows, after, List.of(), description);
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
        return description;
    }

    @Override
    public List<DatasetRow> rowsToShow(boolean reverted) {
        List<DatasetRow> present = reverted ? before : after;
        return changed.isEmpty() || reverted ? present.stream().limit(1).toList() : changed.subList(0, 1);
    }
}
