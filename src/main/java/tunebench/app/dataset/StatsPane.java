package tunebench.app.dataset;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import tunebench.app.Formats;
import tunebench.engine.data.Counting;
import tunebench.engine.data.DatasetStats;
import tunebench.engine.data.Histogram;

/**
 * The Stats tab, what {@code data stats} prints: the counts and problems by kind, a length table
 * per field with the chosen field's histogram (a ChartFX chart), and how the categories spread.
 */
final class StatsPane extends StackPane {

    private static final int MAX_CATEGORIES = 12; // the rest are summed in one line
    private static final double BAR_WIDTH = 110;

    /** One line of the length table. */
    record LengthRow(StatsViewModel.Field field, Histogram histogram) {}

    private final StatsViewModel vm;
    private final Label counts = label("stats-counts", "stats-counts");
    private final Label roles = label("stats-roles", "muted");
    private final FlowPane problems = new FlowPane(6, 4);
    private final Label unit = label("stats-unit", "muted");
    private final TableView<LengthRow> table = new TableView<>();
    private final ChoiceBox<StatsViewModel.Field> field = new ChoiceBox<>();
    private final Label fieldDetail = label("stats-field-detail", "muted");
    private final HistogramChart chart = new HistogramChart("words", "examples", "stats-bars");
    private final GridPane categories = new GridPane();
    private final VBox categoryBox;

    StatsPane(StatsViewModel vm) {
        this.vm = vm;
        setId("stats-pane");
        getStyleClass().add("stats-pane");
        problems.setId("stats-problems");
        Label progress = label("stats-progress", "muted");
        progress.textProperty().bind(vm.progressProperty());
        unit.textProperty().bind(vm.unitProperty());
        unit.setWrapText(true);
        categories.setId("stats-categories");
        categories.getStyleClass().add("stats-categories");
        categoryBox = new VBox(4, label("", "section-title", "Categories"), categories);
        categoryBox.managedProperty().bind(categoryBox.visibleProperty());
        counts.setWrapText(true);
        roles.setWrapText(true);
        VBox glance = new VBox(4, counts, roles, problems);
        glance.setPrefWidth(280);
        // Side by side in a wide tab, one under the other in a narrow one.
        FlowPane top = new FlowPane(20, 8, glance, categoryBox);
        top.setAlignment(Pos.TOP_LEFT);

        VBox content = new VBox(8, top, new HBox(12, unit, progress), lengths());
        content.getStyleClass().add("stats-content");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("stats-scroll");
        Label message = label("stats-message", "muted");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        scroll.visibleProperty().bind(message.visibleProperty().not());
        StackPane.setAlignment(message, Pos.TOP_LEFT);
        getChildren().addAll(scroll, message);

        vm.statsProperty().addListener((obs, old, now) -> show(now));
        vm.problemsProperty().addListener((obs, old, now) -> showProblems(now));
        field.valueProperty().addListener((obs, old, now) -> showField(now));
        show(vm.statsProperty().get());
        showProblems(vm.problemsProperty().get());
    }

    /** The table of lengths per field beside the chosen field's histogram. */
    private FlowPane lengths() {
        table.setId("stats-lengths");
        table.getStyleClass().add("stats-lengths");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(24);
        table.setPlaceholder(new Label("No lengths yet."));
        TableColumn<LengthRow, String> name = new TableColumn<>("Field");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().field().label()));
        name.setPrefWidth(110);
        table.getColumns().add(name);
        addNumber("Count", Histogram::count);
        addNumber("Min", Histogram::min);
        addNumber("Median", Histogram::median);
        addNumber("p95", Histogram::p95);
        addNumber("Max", Histogram::max);
        table.setPrefWidth(430);
        table.setMinWidth(Region.USE_PREF_SIZE);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                field.setValue(now.field());
            }
        });
        field.setId("stats-field");
        field.setConverter(new StringConverter<>() {
            @Override
            public String toString(StatsViewModel.Field f) {
                return f == null ? "" : f.label();
            }

            @Override
            public StatsViewModel.Field fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        field.setMinWidth(Region.USE_PREF_SIZE);
        chart.setId("stats-chart");
        chart.setPrefHeight(200);
        chart.setMinHeight(160);
        fieldDetail.setWrapText(true);
        HBox choose = new HBox(8, new Label("Histogram of"), field);
        choose.setAlignment(Pos.CENTER_LEFT);
        VBox histogram = new VBox(4, choose, chart, fieldDetail);
        histogram.setPrefWidth(440);
        FlowPane both = new FlowPane(16, 8, table, histogram);
        both.setAlignment(Pos.TOP_LEFT);
        return both;
    }

    private void addNumber(String title, java.util.function.ToIntFunction<Histogram> value) {
        TableColumn<LengthRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(Formats.exact(value.applyAsInt(row.getValue().histogram()))));
        c.getStyleClass().add("number-column");
        c.setPrefWidth(62);
        c.setMinWidth(52);
        table.getColumns().add(c);
    }

    private void show(DatasetStats s) {
        if (s == null) {
            return;
        }
        counts.setText(Counting.of(s.records(), "record") + " · " + Formats.exact(s.examples())
                + " usable " + (s.examples() == 1 ? "example" : "examples") + " · " + Counting.of(s.turns(), "turn"));
        roles.setText(s.roles().isEmpty() ? "" : "Turns by role: " + s.roles().entrySet().stream()
                .map(e -> e.getKey() + " " + Formats.exact(e.getValue())).collect(Collectors.joining(" · ")));
        StatsViewModel.Field chosen = field.getValue();
        List<StatsViewModel.Field> present = StatsViewModel.fieldsOf(s);
        table.getItems().setAll(present.stream().map(f -> new LengthRow(f, s.lengths().get(f.key()))).toList());
        table.setPrefHeight(table.getFixedCellSize() * (present.size() + 1) + 6);
        table.setMinHeight(table.getPrefHeight());
        field.getItems().setAll(present);
        field.setValue(present.contains(chosen) ? chosen : present.isEmpty() ? null : present.get(0));
        showField(field.getValue());
        showCategories(s);
    }

    private void showField(StatsViewModel.Field f) {
        DatasetStats s = vm.statsProperty().get();
        Histogram h = f == null || s == null ? null : s.lengths().get(f.key());
        if (h == null || h.bins().isEmpty()) {
            chart.show(new int[0], 1);
            fieldDetail.setText("");
            return;
        }
        table.getItems().stream().filter(r -> r.field().equals(f)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r));
        List<Histogram.Bin> bins = h.bins();
        int[] counts = bins.stream().mapToInt(Histogram.Bin::count).toArray();
        chart.show(counts, bins.get(0).to() - bins.get(0).from());
        chart.setXName(h.unit() + " per example" + (f.key().equals("example") ? "" : " (" + f.label().toLowerCase() + ")"));
        Histogram.Bin last = bins.get(bins.size() - 1);
        fieldDetail.setText(last.to() == Integer.MAX_VALUE
                ? String.format("the last bar holds the %,d from %,d to %,d %s", last.count(), last.from(), h.max(), h.unit())
                : "");
    }

    private void showProblems(Map<String, Integer> byKind) {
        problems.getChildren().clear();
        if (byKind.isEmpty()) {
            problems.getChildren().add(label("", "muted", "No problems."));
            return;
        }
        int total = byKind.values().stream().mapToInt(Integer::intValue).sum();
        problems.getChildren().add(new Label(Counting.of(total, "problem") + ":"));
        byKind.forEach((kind, n) -> problems.getChildren().add(label("", "stats-problem-kind", kind + " " + Formats.exact(n))));
    }

    private void showCategories(DatasetStats s) {
        categories.getChildren().clear();
        categoryBox.setVisible(!s.categories().isEmpty());
        if (s.categories().isEmpty()) {
            return;
        }
        int total = s.categories().values().stream().mapToInt(Integer::intValue).sum();
        int most = s.categories().values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int row = 0;
        int rest = 0;
        for (Map.Entry<String, Integer> e : s.categories().entrySet()) {
            if (row == MAX_CATEGORIES) {
                rest += e.getValue();
                continue;
            }
            Region bar = new Region();
            bar.getStyleClass().add("stats-bar");
            bar.setPrefSize(Math.max(2, BAR_WIDTH * e.getValue() / most), 12);
            bar.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            bar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            categories.addRow(row++, number(e.getKey()), number(Formats.exact(e.getValue())),
                    number(String.format("%.1f%%", 100.0 * e.getValue() / total)), bar);
        }
        if (rest > 0) {
            int others = s.categories().size() - MAX_CATEGORIES;
            categories.addRow(row++, label("", "muted", Counting.of(others, "other")), number(Formats.exact(rest)),
                    number(String.format("%.1f%%", 100.0 * rest / total)));
        }
        int without = s.examples() - total;
        if (without > 0) {
            categories.add(label("", "muted", Counting.of(without, "example") + " without a category"), 0, row, 4, 1);
        }
    }

    /** A label that keeps its whole text: numbers, and category names beside them. */
    private static Label number(String text) {
        Label l = label("", "stats-number", text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label label(String id, String style) {
        return label(id, style, "");
    }

    private static Label label(String id, String style, String text) {
        Label l = new Label(text);
        if (!id.isEmpty()) {
            l.setId(id);
        }
        l.getStyleClass().add(style);
        return l;
    }
}
