package tunebench.app.dataset;

import java.util.List;
import tunebench.engine.data.DatasetRecord;

/**
 * A change to one row's record: a field, a turn, its JSON. Typing into one field of one row
 * grows a single edit (the editor's key says which), so Undo takes back the whole edit of a
 * field rather than one character.
 */
final class RecordEdit implements DatasetEdit {

    private final DatasetRow row;
    private final DatasetRecord before;
    private final String key;
    private final String description;
    private DatasetRecord after;

    RecordEdit(DatasetRow row, DatasetRecord after, String key, String description) {
        this.row = row;
        this.before = row.record();
        this.after = after;
        this.key = key;
        this.description = description;
    }

    /** Whether typing into {@code key} of {@code target} continues this edit. */
    boolean continues(DatasetRow target, String targetKey) {
        return row == target && key.equals(targetKey);
    }

    /** Continues the edit with the record as it now reads. */
    void extend(DatasetRecord newAfter) {
        after = newAfter;
        row.setRecord(after);
    }

    @Override
    public void apply() {
        row.setRecord(after);
    }

    @Override
    public void revert() {
        row.setRecord(before);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<DatasetRow> rowsToShow(boolean reverted) {
        return List.of(row);
    }
}
