package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import tunebench.app.Formats;
import tunebench.engine.data.Counting;
import tunebench.engine.data.DataProblem;

/**
 * Which rows the table shows: text over every string of a record, "problems only", one problem
 * kind and one category, all together; the count line under the table; and, from the same pass
 * over the rows after each change, the kinds and categories the drop-downs offer and the
 * problems list. The filter is applied when it changes, not on each edit, so a row being fixed
 * does not vanish from under the user's cursor.
 */
final class RowFilter {

    private final ObservableList<DatasetRow> rows;
    private final ObservableList<DatasetRow> problems;
    private final FilteredList<DatasetRow> visible;
    private final CategoryCounts categoryCounts;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanProperty problemsOnly = new SimpleBooleanProperty(this, "problemsOnly");
    private final StringProperty kind = new SimpleStringProperty(this, "kind");
    private final StringProperty category = new SimpleStringProperty(this, "category");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<FilterChoice> kinds = FXCollections.observableArrayList();
    private final ObservableList<FilterChoice> categories = FXCollections.observableArrayList();
    private final ObservableList<RowProblem> entries = FXCollections.observableArrayList();
    // Made once: an unmodifiable view follows its list only while something holds the view.
    private final ObservableList<FilterChoice> kindsView = FXCollections.unmodifiableObservableList(kinds);
    private final ObservableList<FilterChoice> categoriesView = FXCollections.unmodifiableObservableList(categories);
    private final ObservableList<RowProblem> entriesView = FXCollections.unmodifiableObservableList(entries);

    RowFilter(ObservableList<DatasetRow> rows, ObservableList<DatasetRow> problems) {
        this.rows = rows;
        this.problems = problems;
        this.visible = new FilteredList<>(rows);
        this.categoryCounts = new CategoryCounts(rows);
        visible.addListener((ListChangeListener<DatasetRow>) c -> updateSummary());
        text.addListener(o -> apply());
        problemsOnly.addListener(o -> apply());
        kind.addListener(o -> {
            apply();
            refreshKinds(); // a chosen kind stays listed, with its count, even when none is left
        });
        category.addListener(o -> {
            apply();
            refreshCategories();
        });
    }

    void clear() {
        text.set("");
        problemsOnly.set(false);
        kind.set(null);
        category.set(null);
    }

    boolean shows(DatasetRow row) {
        return visible.contains(row);
    }

    /**
     * After rows or problems changed: the count line, the drop-downs and the problems list. One
     * pass over the rows with problems; categories are counted as rows change.
     */
    void updateSummary() {
        String all = Counting.of(rows.size(), "example") + " · "
                + Counting.of(problems.size(), "problem");
        summary.set(visible.size() == rows.size() ? all
                : "Showing " + Formats.exact(visible.size()) + " of " + all);
        refreshKinds();
        refreshCategories();
    }

    private void apply() {
        String query = text.get() == null ? "" : text.get().strip().toLowerCase(Locale.ROOT);
        boolean only = problemsOnly.get();
        String k = kind.get();
        String c = category.get();
        Predicate<DatasetRow> p = row -> (!only || row.problem() != null)
                && (k == null || row.hasProblem(k))
                && (c == null || c.equals(CategoryCounts.of(row)))
                && (query.isEmpty() || row.record().searchText().contains(query));
        visible.setPredicate(query.isEmpty() && !only && k == null && c == null ? null : p);
    }

    private void refreshKinds() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        DataProblem.ORDER.forEach(k -> counts.put(k, 0));
        List<RowProblem> now = new ArrayList<>();
        for (DatasetRow row : problems) {
            List<RowProblem> found = row.problems();
            now.addAll(found);
            found.stream().map(p -> p.problem().kind()).distinct().forEach(k -> counts.merge(k, 1, Integer::sum));
        }
        if (!now.equals(entries)) {
            entries.setAll(now);
        }
        List<FilterChoice> choices = new ArrayList<>();
        choices.add(new FilterChoice(null, "All kinds"));
        counts.forEach((k, n) -> {
            if (n > 0 || k.equals(kind.get())) {
                choices.add(new FilterChoice(k, k + " (" + Formats.exact(n) + ")"));
            }
        });
        if (!choices.equals(kinds)) {
            kinds.setAll(choices);
        }
    }

    private void refreshCategories() {
        Map<String, Integer> counts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER.thenComparing(s -> s));
        counts.putAll(categoryCounts.counts());
        List<FilterChoice> choices = new ArrayList<>();
        if (categoryCounts.any() || category.get() != null) {
            choices.add(new FilterChoice(null, "All categories"));
            if (category.get() != null) {
                counts.putIfAbsent(category.get(), 0);
            }
            counts.forEach((c, n) -> choices.add(new FilterChoice(c,
                    (c.isEmpty() ? "no category" : c) + " (" + Formats.exact(n) + ")")));
        }
        if (!choices.equals(categories)) {
            categories.setAll(choices);
        }
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

    /** The problem kind every shown row has; null for any. */
    StringProperty kindProperty() {
        return kind;
    }

    /** The category every shown row has ("" for none); null for any. */
    StringProperty categoryProperty() {
        return category;
    }

    /** "All kinds" and each kind present, by the order of {@link DataProblem#ORDER}, with its row count. */
    ObservableList<FilterChoice> kindChoices() {
        return kindsView;
    }

    /** "All categories" and each category present, with its row count; empty when no row has one. */
    ObservableList<FilterChoice> categoryChoices() {
        return categoriesView;
    }

    /** Every problem of every row, in row order (a row's own problem first). */
    ObservableList<RowProblem> problemEntries() {
        return entriesView;
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
