package tunebench.app.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.AppTask;
import tunebench.app.TaskRunner;

/**
 * What a column can run: the base model, every adapter found under the runs folder, and
 * adapter folders the user picked from disk. Until the user picks columns, the second one
 * starts on the newest run's adapter: base against tuned is what most users come for.
 */
public final class SourceList {

    private final TaskRunner runner;
    private final Path runsDir;
    private final ObservableList<ColumnSource> columns;
    private final ObservableList<ColumnSource> items = FXCollections.observableArrayList(ColumnSource.BASE);
    private final ObservableList<ColumnSource> itemsView = FXCollections.unmodifiableObservableList(items);
    private final List<ColumnSource> picked = new ArrayList<>();
    private boolean touched;

    SourceList(TaskRunner runner, Path runsDir, ObservableList<ColumnSource> columns) {
        this.runner = runner;
        this.runsDir = runsDir;
        this.columns = columns;
    }

    /** Scans the runs folder again in the background. */
    public void refresh() {
        runner.submit(AppTask.of(() -> AdapterCatalog.scan(runsDir)).onSuccess(this::found)
                .onFailure(e -> found(List.of()))); // an unreadable runs folder lists no runs
    }

    /** Adds an adapter folder from disk and returns it. */
    public ColumnSource add(Path dir) throws IOException {
        ColumnSource s = AdapterCatalog.fromFolder(dir);
        ColumnSource known = items.stream().filter(i -> s.equals(i) || s.adapterDir().equals(i.adapterDir()))
                .findFirst().orElse(null);
        if (known != null) {
            return known;
        }
        picked.add(s);
        items.add(s);
        return s;
    }

    /** A source for a new column: the first not shown yet, else the base. */
    ColumnSource suggestion(List<ColumnSource> shown) {
        return items.stream().filter(s -> !shown.contains(s)).findFirst().orElse(ColumnSource.BASE);
    }

    /** The user chose a column's source: no more automatic choices. */
    void touched() {
        touched = true;
    }

    private void found(List<ColumnSource> runs) {
        List<ColumnSource> all = new ArrayList<>();
        all.add(ColumnSource.BASE);
        all.addAll(runs);
        picked.stream().filter(p -> !all.contains(p)).forEach(all::add);
        items.setAll(all);
        if (!touched && !runs.isEmpty() && columns.stream().allMatch(ColumnSource::isBase)) {
            columns.set(1, runs.get(0));
        }
    }

    public ObservableList<ColumnSource> items() {
        return itemsView;
    }
}
