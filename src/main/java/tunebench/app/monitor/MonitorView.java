package tunebench.app.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import tunebench.app.Workbench;
import tunebench.app.monitor.RunMonitor.Status;

/**
 * The live monitor's charts, progress and probe timeline: a header with the run's status,
 * progress bar, step/ETA line and facts; then three tabs: the curves (loss large on top,
 * smaller charts beneath), the probe outputs of each evaluation, and the past runs to overlay.
 */
public final class MonitorView extends BorderPane {

    static final String EMPTY_TEXT = "Start a run to see its curves here";

    private final RunMonitor monitor;
    private final MonitorCharts charts;
    private final PastRunsPane pastRuns;

    private final Workbench workbench;

    public MonitorView(RunMonitor monitor, Workbench workbench) {
        this.monitor = monitor;
        this.workbench = workbench;
        this.charts = new MonitorCharts(monitor);
        this.pastRuns = new PastRunsPane(monitor, workbench);
        setId("monitor-view");
        getStyleClass().add("monitor-view");
        getStylesheets().add(MonitorView.class.getResource("monitor.css").toExternalForm());
        setTop(header());
        setCenter(tabs());
        // a run that just ended is a past run now: list it
        monitor.statusProperty().addListener((obs, old, now) -> {
            if (now == Status.FINISHED || now == Status.STOPPED || now == Status.FAILED) {
                pastRuns.refresh();
            }
        });
    }

    /** The charts, for tests. */
    MonitorCharts charts() {
        return charts;
    }

    PastRunsPane pastRuns() {
        return pastRuns;
    }

    private VBox header() {
        Label name = new Label();
        name.setId("monitor-run-name");
        name.getStyleClass().add("run-name");
        name.textProperty().bind(Bindings.when(monitor.runNameProperty().isEmpty())
                .then("Live monitor").otherwise(monitor.runNameProperty()));
        Label chip = new Label();
        chip.setId("monitor-status");
        chip.getStyleClass().add("status-chip");
        chip.textProperty().bind(monitor.statusTextProperty());
        chip.setMinWidth(Region.USE_PREF_SIZE);
        monitor.statusProperty().addListener((obs, old, now) -> {
            chip.getStyleClass().remove(old.name().toLowerCase(Locale.ROOT));
            chip.getStyleClass().add(now.name().toLowerCase(Locale.ROOT));
        });
        HBox title = new HBox(10, name, chip);
        title.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setId("monitor-progress");
        bar.getStyleClass().add("run-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(monitor.progressProperty());
        bar.visibleProperty().bind(monitor.statusProperty().isNotEqualTo(Status.IDLE));
        bar.managedProperty().bind(bar.visibleProperty());

        Label progress = label("monitor-progress-text", "progress-text", monitor.progressTextProperty());
        Label info = label("monitor-run-info", "run-info", monitor.runInfoTextProperty());
        info.getStyleClass().add("muted");
        Label failure = label("monitor-failure", "run-failure", monitor.failureProperty());
        failure.setWrapText(true);
        Label memory = new MemoryLine().create(monitor.statusProperty(), workbench.deviceStatus().memoryProperty());
        VBox box = new VBox(title, bar, progress, info, memory, failure);
        box.getStyleClass().add("monitor-header");
        return box;
    }

    /** A label that takes no room while its text is empty. */
    private static Label label(String id, String style, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private TabPane tabs() {
        Tab curves = new Tab("Curves", curves());
        Tab probes = new Tab("Probe outputs", new ProbeTimelineView(monitor));
        probes.textProperty().bind(Bindings.createStringBinding(() -> monitor.evals().isEmpty()
                ? "Probe outputs" : "Probe outputs (" + monitor.evals().size() + ")", monitor.evals()));
        Tab past = new Tab("Past runs", pastRuns);
        past.textProperty().bind(Bindings.createStringBinding(() -> monitor.overlays().isEmpty()
                ? "Past runs" : "Past runs (" + monitor.overlays().size() + " shown)", monitor.overlays()));
        TabPane tabs = new TabPane(curves, probes, past);
        tabs.setId("monitor-tabs");
        tabs.getStyleClass().add("monitor-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    /**
     * Loss across the top at almost half the height, the small charts two a row beneath: four
     * for a supervised run, five or six with DPO's rewards and accuracy (an odd last one spans
     * the row).
     */
    private VBox curves() {
        GridPane grid = new GridPane();
        grid.setId("monitor-charts");
        grid.setHgap(6);
        grid.setVgap(4);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
        }
        Map<MonitorChart, StackPane> cells = new HashMap<>();
        for (MonitorChart c : charts.all()) {
            c.setMinSize(100, 80);
            c.setPrefSize(200, 120);
            if (c != charts.loss) {
                cells.put(c, withNote(c, c == charts.perplexity || c == charts.rewards
                        || c == charts.accuracy ? "No evaluation yet" : "No steps yet"));
            }
        }
        layOut(grid, cells, charts.smallShownProperty().get());
        charts.smallShownProperty().addListener((obs, old, now) -> layOut(grid, cells, now));
        grid.visibleProperty().bind(monitor.hasCurves());
        StackPane stack = new StackPane(grid, emptyState());
        VBox.setVgrow(stack, Priority.ALWAYS);
        return new VBox(smoothingBar(), stack);
    }

    private void layOut(GridPane grid, Map<MonitorChart, StackPane> cells, List<MonitorChart> small) {
        grid.getChildren().clear();
        grid.getRowConstraints().clear();
        int rows = (small.size() + 1) / 2;
        double top = rows <= 2 ? 46 : 40;
        RowConstraints first = new RowConstraints();
        first.setPercentHeight(top);
        grid.getRowConstraints().add(first);
        for (int r = 0; r < rows; r++) {
            RowConstraints c = new RowConstraints();
            c.setPercentHeight((100 - top) / rows);
            grid.getRowConstraints().add(c);
        }
        grid.add(charts.loss, 0, 0, 2, 1);
        for (int i = 0; i < small.size(); i++) {
            boolean lastAlone = i == small.size() - 1 && i % 2 == 0;
            grid.add(cells.get(small.get(i)), i % 2, 1 + i / 2, lastAlone ? 2 : 1, 1);
        }
    }

    /** The chart with a note over its empty plot (evaluations come later than steps). */
    private static StackPane withNote(MonitorChart chart, String note) {
        Label label = new Label(note);
        label.getStyleClass().addAll("muted", "chart-note");
        label.visibleProperty().bind(chart.emptyProperty());
        label.setMouseTransparent(true);
        return new StackPane(chart, label);
    }

    private HBox smoothingBar() {
        Label label = new Label("Smoothing");
        label.setMinWidth(Region.USE_PREF_SIZE);
        Slider slider = new Slider(0, RunMonitor.MAX_SMOOTHING, monitor.smoothingProperty().get());
        slider.setId("smoothing");
        slider.setPrefWidth(150);
        slider.valueProperty().bindBidirectional(monitor.smoothingProperty());
        slider.setTooltip(new Tooltip("Exponential moving average of the training loss, as"
                + " TensorBoard draws it: 0 shows the raw loss, 0.99 a very smooth trend"));
        Label value = new Label();
        value.getStyleClass().add("smoothing-value");
        value.textProperty().bind(monitor.smoothingProperty().asString(Locale.ROOT, "%.2f"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label help = new Label("Drag to zoom · right-click to zoom out · click a legend entry to hide it");
        help.getStyleClass().addAll("muted", "chart-help");
        help.setMinWidth(0);
        HBox bar = new HBox(label, slider, value, spacer, help);
        bar.getStyleClass().add("curves-toolbar");
        bar.visibleProperty().bind(monitor.hasCurves());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }

    private Node emptyState() {
        Label title = new Label(EMPTY_TEXT);
        title.setId("monitor-empty");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> switch (monitor.statusProperty().get()) {
            case STARTING -> "Loading the model and data…";
            case FAILED -> "The run failed before its first step";
            default -> EMPTY_TEXT;
        }, monitor.statusProperty()));
        Label hint = new Label("Training loss, eval loss and perplexity, learning rate, gradient norm"
                + " and tokens/s appear here as the run goes (for DPO, the chosen and rejected"
                + " rewards and the accuracy too). To look at an earlier run, tick it under Past runs.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setTextAlignment(TextAlignment.CENTER);
        hint.setMaxWidth(440);
        VBox box = new VBox(title, hint);
        box.getStyleClass().add("empty-curves");
        box.visibleProperty().bind(monitor.hasCurves().not());
        return box;
    }
}
