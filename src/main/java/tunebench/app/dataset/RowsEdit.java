package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javafx.collections.ObservableList;

/**
 * Rows added or deleted: the rows and the positions they hold while present, so a delete of
 * scattered rows puts each back where it was.
 */
final class RowsEdit implements DatasetEdit {

    private final ObservableList<DatasetRow> rows;
    private final List<DatasetRow> moved;     // in position order
    private final List<Integer> positions;    // each row's index while present
    private final boolean insert;
    private final String description;

    private RowsEdit(ObservableList<DatasetRow> rows, List<DatasetRow> moved, List<Integer> positions,
            boolean insert, String description) {
        this.rows = rows;
        this.moved = List.copyOf(moved);
        this.positions = List.copyOf(positions);
        this.insert = insert;
        this.description = description;
    }

    /** New rows placed together from {@code index} on. */
    static RowsEdit insert(ObservableList<DatasetRow> rows, int index, List<DatasetRow> added,
            String description) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < added.size(); i++) {
            positions.add(index + i);
        }
        return new RowsEdit(rows, added, positions, true, description);
    }

    static RowsEdit delete(ObservableList<DatasetRow> rows, List<DatasetRow> doomed, String description) {
        Set<DatasetRow> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(doomed);
        List<DatasetRow> ordered = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (wanted.contains(rows.get(i))) {
                ordered.add(rows.get(i));
                positions.add(i);
            }
        }
        return new RowsEdit(rows, ordered, positions, false, description);
    }

    boolean isEmpty() {
        return moved.isEmpty();
    }

    @Override
    public void apply() {
        if (insert) {
            add();
        } else {
            remove();
        }
    }

    @Override
    public void revert() {
        if (insert) {
            remove();
        } else {
            add();
        }
    }

    /** Ascending, so each row's index counts the rows put back before it. */
    private void add() {
        int i = 0;
        while (i < moved.size()) {
            int run = i + 1; // a contiguous run goes in with one change
            while (run < moved.size() && positions.get(run) == positions.get(run - 1) + 1) {
                run++;
            }
            rows.addAll(positions.get(i), moved.subList(i, run));
            i = run;
        }
    }

    private void remove() {
        Set<DatasetRow> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
        doomed.addAll(moved);
        rows.removeAll(doomed); // one change for the lot, not one per row
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<DatasetRow> rowsToShow(boolean reverted) {
        boolean present = insert != reverted;
        if (present) {
            return moved;
        }
        // The rows are gone: show the row that took the first one's place.
        int at = Math.min(positions.stream().min(Comparator.naturalOrder()).orElse(0), rows.size() - 1);
        return at < 0 ? List.of() : List.of(rows.get(at));
    }
}
