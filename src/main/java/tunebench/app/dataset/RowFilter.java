package tunebench.app.dataset;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import tunebench.app.Formats;

/**
 * Which rows the table shows: a text filter over every string of a record and a "problems
 * only" switch, and the count line under the table. The filter is applied when it changes,
 * not on each edit, so a row being fixed does not vanish from under the user's cursor.
 */
final class RowFilter {

    private final ObservableList<DatasetRow> rows;
    private final ObservableList<DatasetRow> problems;
    private final FilteredList<DatasetRow> visible;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanProperty problemsOnly = new SimpleBooleanProperty(this, "problemsOnly");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    RowFilter(ObservableList<DatasetRow> rows, ObservableList<DatasetRow> problems) {
        this.rows = rows;
        this.problems = problems;
        this.visible = new FilteredList<>(rows);
        visible.addListener((ListChangeListener<DatasetRow>) c -> updateSummary());
        text.addListener(o -> apply());
        problemsOnly.addListener(o -> apply());
    }

    void clear() {
        text.set("");
        problemsOnly.set(false);
    }

    boolean shows(DatasetRow row) {
        return visible.contains(row);
    }

    /** "1,200 examples · 0 problems", or "Showing 12 of ..." while filtered. */
    void updateSummary() {
        String all = DatasetFiles.count(rows.size(), "example") + " · "
                + DatasetFiles.count(problems.size(), "problem");
        summary.set(visible.size() == rows.size() ? all
                : "Showing " + Formats.exact(visible.size()) + " of " + all);
    }

    private void apply() {
        String query = text.get() == null ? "" : text.get().strip().toLowerCase(Locale.ROOT);
        boolean only = problemsOnly.get();
        visible.setPredicate(query.isEmpty() && !only ? null
                : row -> (!only || row.problem() != null)
                        && (query.isEmpty() || row.record().searchText().contains(query)));
    }

    ObservableList<DatasetRow> visible() {
        return visible;
    }

    StringProperty textProperty() {
        return text;
    }

    BooleanProperty problemsOnlyProperty() {
        return problemsOnly;
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
