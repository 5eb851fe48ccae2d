package tunebench.app.monitor;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import tunebench.app.AppTask;
import tunebench.app.ErrorDialog;
import tunebench.app.Workbench;

/**
 * The run folders under {@code runs/} that have a metrics.jsonl, newest first, each with a
 * check box that lays its curves over the live run's. Folders are read through the workbench's
 * task runner, never on the FX thread.
 */
final class PastRunsPane extends VBox {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final RunMonitor monitor;
    private final Workbench workbench;
    private final ObservableList<PastRun> runs = FXCollections.observableArrayList();
    private final ListView<PastRun> list = new ListView<>(runs);
    private final Label placeholder = new Label();

    PastRunsPane(RunMonitor monitor, Workbench workbench) {
        this.monitor = monitor;
        this.workbench = workbench;
        setId("past-runs");
        getStyleClass().add("past-runs");
        Label hint = new Label("Tick a run to lay its curves over the live run's, dashed and muted.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        Button refresh = new Button("Refresh");
        refresh.setId("refresh-runs");
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        refresh.setTooltip(new Tooltip("Read " + workbench.runsDir() + " again"));
        refresh.setOnAction(e -> refresh());
        HBox.setHgrow(hint, Priority.ALWAYS);
        HBox top = new HBox(12, hint, refresh);
        top.setAlignment(Pos.CENTER_LEFT);
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("muted");
        list.setId("past-run-list");
        list.getStyleClass().add("past-run-list");
        list.setPlaceholder(placeholder);
        list.setCellFactory(v -> new RunCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(top, list);
        monitor.overlays().addListener((ListChangeListener<Overlay>) c -> list.refresh());
        refresh();
    }

    ObservableList<PastRun> runs() {
        return runs;
    }

    /** Reads runs/ again in the background. */
    void refresh() {
        Path dir = workbench.runsDir();
        placeholder.setText("Reading " + dir + "…");
        workbench.runner().submit(AppTask.of(() -> PastRun.scan(dir))
                .onSuccess(this::show)
                .onFailure(e -> {
                    runs.clear();
                    placeholder.setText("Could not read " + dir + ": " + e.getMessage());
                }));
    }

    private void show(List<PastRun> found) {
        runs.setAll(found);
        placeholder.setText("No runs yet. Every run you train is saved under " + workbench.runsDir()
                + "; its curves can then be laid over a live run here.");
    }

    private void toggle(PastRun run, boolean on) {
        if (!on) {
            monitor.removeOverlay(run.dir());
            return;
        }
        workbench.runner().submit(AppTask.of(() -> {
            monitor.addOverlay(run.dir());
            return null;
        }).onFailure(e -> {
            list.refresh();
            ErrorDialog.show(getScene() == null ? null : getScene().getWindow(),
                    "Could not show the run “" + run.name() + "”", "Its metrics.jsonl could not be read.",
                    String.valueOf(e.getMessage()));
        }));
    }

    /** Check box, name and colour swatch on top; date, steps and final loss underneath. */
    private final class RunCell extends ListCell<PastRun> {

        private final CheckBox check = new CheckBox();
        private final Label name = new Label();
        private final Region swatch = new Region();
        private final Label meta = new Label();
        private final HBox box;

        RunCell() {
            name.getStyleClass().add("past-run-name");
            meta.getStyleClass().addAll("muted", "past-run-meta");
            swatch.getStyleClass().add("overlay-swatch");
            HBox title = new HBox(8, name, swatch);
            title.setAlignment(Pos.CENTER_LEFT);
            box = new HBox(10, check, new VBox(2, title, meta));
            box.setAlignment(Pos.CENTER_LEFT);
            check.setOnAction(e -> {
                if (getItem() != null) {
                    toggle(getItem(), check.isSelected());
                }
            });
        }

        @Override
        protected void updateItem(PastRun run, boolean empty) {
            super.updateItem(run, empty);
            if (empty || run == null) {
                setGraphic(null);
                return;
            }
            name.setText(run.name());
            meta.setText(meta(run));
            check.setSelected(monitor.isOverlaid(run.dir()));
            swatch.getStyleClass().removeIf(c -> c.startsWith("overlay-color-"));
            monitor.overlays().stream().filter(o -> o.dir().equals(run.dir())).findFirst().ifPresent(o ->
                    swatch.getStyleClass().add("overlay-color-" + o.colorIndex() % MonitorCharts.OVERLAY_COLORS));
            swatch.setVisible(check.isSelected());
            setGraphic(box);
            setTooltip(new Tooltip(run.dir().toString()));
        }
    }

    /** "2025-11-27 02:39 · 225 steps · final loss 0.812 · 4 evaluations". */
    static String meta(PastRun run) {
        String text = WHEN.format(run.modified()) + " · " + plural(run.steps(), "step")
                + " · final loss " + MonitorText.number(run.finalLoss());
        if (run.evals() > 0) {
            text += " · " + plural(run.evals(), "evaluation");
        }
        if (run.problems() > 0) {
            text += " · " + plural(run.problems(), "unreadable line");
        }
        return text;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
