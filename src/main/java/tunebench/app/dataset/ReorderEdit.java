package tunebench.app.dataset;

import java.util.List;
import javafx.collections.ObservableList;

/**
 * The same rows in another order (a shuffle), as one edit: Undo puts back the order before.
 * The rows are the same objects either way, so their edits, selection and problems carry over.
 */
final class ReorderEdit implements DatasetEdit {

    private final ObservableList<DatasetRow> rows;
    private final List<DatasetRow> before;
    private final List<DatasetRow> after;
    private final String description;

    ReorderEdit(ObservableList<DatasetRow> rows, List<DatasetRow> after, String description) {
        if (after.size() != rows.size()) {
            throw new IllegalArgumentException("a reorder keeps every row");
        }
        this.rows = rows;
        this.before = List.copyOf(rows);
        this.after = List.copyOf(after);
        this.description = description;
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
        return (reverted ? before : after).stream().limit(1).toList();
    }
}
