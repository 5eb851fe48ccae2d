package tunebench.app.dataset;

import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DataFormat;

/**
 * Keeps every row's problem, its number and the problems list current: a changed record is
 * checked again as training would check it, and a change of the file's format (decided by the
 * first record that fits one) checks them all. Changes made together are settled once.
 */
final class RowChecks {

    private final ObservableList<DatasetRow> rows;
    private final ObservableList<DatasetRow> problems;
    private final ReadOnlyObjectWrapper<DataFormat> format = new ReadOnlyObjectWrapper<>(this, "format");
    private final Runnable settled;
    private int depth;
    private boolean stale;
    private boolean restructured;
    // Whether the file's format may have changed: rows came or went, or an edit changed the
    // layout of its record. Typing into a field does neither, and skips a pass over every row.
    private boolean formatStale = true;

    /**
     * @param problems filled with the rows that have a problem, in row order
     * @param settled  runs after each settling (the summary line counts rows and problems)
     */
    RowChecks(ObservableList<DatasetRow> rows, ObservableList<DatasetRow> problems, Runnable settled) {
        this.rows = rows;
        this.problems = problems;
        this.settled = settled;
        rows.addListener((ListChangeListener<DatasetRow>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::check); // the format may differ from their last check
            }
            changed(true);
        });
    }

    /** A row whose record is checked whenever it changes. */
    DatasetRow newRow(DatasetRecord record) {
        DatasetRow row = new DatasetRow(record);
        row.recordProperty().addListener((obs, old, now) -> {
            if (layoutChanged(old, now)) {
                formatStale = true;
            }
            check(row);
            changed(false);
        });
        return row;
    }

    /** Detection looks at a record's keys (and whether "prompt" is a tree), never its text. */
    private static boolean layoutChanged(DatasetRecord old, DatasetRecord now) {
        return old == null || now == null || old.isRaw() != now.isRaw()
                || !old.fieldNames().equals(now.fieldNames()) || old.isText("prompt") != now.isText("prompt");
    }

    /** Rows read from a file, with the problems worked out while reading. */
    void replaceAll(List<DatasetRow> fresh, List<DataProblem> checked, DataFormat detected) {
        batch(() -> {
            format.set(detected);
            for (int i = 0; i < fresh.size(); i++) {
                fresh.get(i).setProblem(checked.get(i));
            }
            rows.setAll(fresh);
        });
    }

    /** Runs changes, then settles problems and numbers once for all of them. */
    void batch(Runnable changes) {
        depth++;
        try {
            changes.run();
        } finally {
            depth--;
        }
        if (depth == 0 && stale) {
            settle();
        }
    }

    private void check(DatasetRow row) {
        row.setProblem(DatasetDocument.check(row.record(), Optional.ofNullable(format.get())).orElse(null));
    }

    private void changed(boolean structure) {
        stale = true;
        formatStale |= structure;
        restructured |= structure;
        if (depth == 0) {
            settle();
        }
    }

    private void settle() {
        stale = false;
        DataFormat detected = formatStale
                ? DatasetDocument.detectFormat(rows.stream().map(DatasetRow::record)).orElse(null) : format.get();
        formatStale = false;
        if (detected != format.get() && !rows.isEmpty()) {
            format.set(detected); // what every record must hold has changed
            rows.forEach(this::check);
        }
        if (restructured) {
            restructured = false;
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).setNumber(i + 1);
            }
        }
        List<DatasetRow> now = rows.stream().filter(r -> r.problem() != null).toList();
        if (!now.equals(problems)) {
            problems.setAll(now);
        }
        settled.run();
    }

    DataFormat format() {
        return format.get();
    }

    ReadOnlyObjectProperty<DataFormat> formatProperty() {
        return format.getReadOnlyProperty();
    }
}
