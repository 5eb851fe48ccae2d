package tunebench.app.dataset;

import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import tunebench.engine.data.DatasetRecord;

/** Hears every change to a file's examples: rows that come or go, and any row's new record. */
final class RowsWatch {

    private RowsWatch() {}

    /** Runs {@code action} after each change (edits, undo, a reorder, a file opened). */
    static void onChange(ObservableList<DatasetRow> rows, Runnable action) {
        ChangeListener<DatasetRecord> onRecord = (obs, old, now) -> action.run();
        rows.addListener((ListChangeListener<DatasetRow>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(r -> r.recordProperty().removeListener(onRecord));
                c.getAddedSubList().forEach(r -> r.recordProperty().addListener(onRecord));
            }
            action.run();
        });
        rows.forEach(r -> r.recordProperty().addListener(onRecord));
    }
}
