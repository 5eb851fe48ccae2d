package tunebench.app.dataset;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javafx.beans.property.ReadOnlyProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import tunebench.engine.data.DatasetRecord;

/**
 * How many rows hold each category, kept by the change rather than recounted, so typing into a
 * row of a 100,000-row file costs one lookup here and not a pass over every row.
 */
final class CategoryCounts {

    static final String FIELD = "category";

    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<DatasetRow, String> counted = new IdentityHashMap<>();
    // Weak: rows of a file closed since, or only in the undo history, may go.
    private final Set<DatasetRow> watched = Collections.newSetFromMap(new WeakHashMap<>());
    private final ChangeListener<DatasetRecord> recordChanged = (obs, old, now) -> {
        if (obs instanceof ReadOnlyProperty<?> p && p.getBean() instanceof DatasetRow row
                && counted.containsKey(row)) {
            remove(row);
            add(row);
        }
    };
    private int named; // rows with a category

    CategoryCounts(ObservableList<DatasetRow> rows) {
        rows.addListener((ListChangeListener<DatasetRow>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(this::remove);
                c.getAddedSubList().forEach(this::add);
            }
        });
        rows.forEach(this::add);
    }

    /** The row's category, "" when it has none (so "no category" can be chosen too). */
    static String of(DatasetRow row) {
        String c = row.record().isRaw() ? null : row.record().text(FIELD);
        return c == null ? "" : c.strip();
    }

    private void add(DatasetRow row) {
        if (watched.add(row)) {
            row.recordProperty().addListener(recordChanged);
        }
        String c = of(row);
        if (counted.put(row, c) == null) {
            counts.merge(c, 1, Integer::sum);
            named += c.isEmpty() ? 0 : 1;
        }
    }

    private void remove(DatasetRow row) {
        String c = counted.remove(row);
        if (c != null) {
            counts.computeIfPresent(c, (k, n) -> n == 1 ? null : n - 1);
            named -= c.isEmpty() ? 0 : 1;
        }
    }

    /** Whether any row has a category at all. */
    boolean any() {
        return named > 0;
    }

    /** Category to row count ("" for rows without one); a copy. */
    Map<String, Integer> counts() {
        return new HashMap<>(counts);
    }
}
