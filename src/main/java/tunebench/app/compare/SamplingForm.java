package tunebench.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javafx.beans.property.Property;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The sampling settings all columns share: greedy, temperature, top-k, top-p, length, seed.
 * Spinners accept typed values (committed when focus leaves, or before Generate).
 */
final class SamplingForm extends VBox {

    private final List<Spinner<?>> spinners = new ArrayList<>();

    SamplingForm(SamplingSettings s) {
        super(6);
        Label title = new Label("Sampling (same for every column)");
        title.getStyleClass().add("section-title");
        CheckBox greedy = new CheckBox("Greedy: always the most likely token");
        greedy.setId("greedy");
        greedy.selectedProperty().bindBidirectional(s.greedyProperty());
        GridPane grid = new GridPane();
        grid.getStyleClass().add("sampling-grid");
        grid.getColumnConstraints().addAll(new ColumnConstraints(110), new ColumnConstraints());
        grid.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
        Spinner<Double> temperature = spinner("temperature",
                new SpinnerValueFactory.DoubleSpinnerValueFactory(0.05, 5, 0.7, 0.05),
                s.temperatureProperty().asObject());
        Spinner<Integer> topK = spinner("top-k",
                new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 100_000, 50, 5), s.topKProperty().asObject());
        Spinner<Double> topP = spinner("top-p",
                new SpinnerValueFactory.DoubleSpinnerValueFactory(0.01, 1, 0.95, 0.05), s.topPProperty().asObject());
        Spinner<Integer> maxNew = spinner("max-new-tokens",
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 4096, 96, 16),
                s.maxNewTokensProperty().asObject());
        Spinner<Integer> seed = spinner("seed",
                new SpinnerValueFactory.IntegerSpinnerValueFactory(0, Integer.MAX_VALUE, 42, 1), seedProperty(s));
        for (Spinner<?> sp : List.of(temperature, topK, topP)) {
            sp.disableProperty().bind(s.greedyProperty());
        }
        seed.disableProperty().bind(s.greedyProperty()); // greedy draws nothing
        Button dice = new Button("New");
        dice.disableProperty().bind(s.greedyProperty());
        dice.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        dice.setTooltip(new Tooltip("Draw a new seed"));
        dice.setOnAction(e -> s.seedProperty().set(ThreadLocalRandom.current().nextInt(100_000)));
        HBox seedRow = new HBox(6, seed, dice);
        HBox.setHgrow(seed, Priority.ALWAYS);
        row(grid, 0, "Temperature", temperature, "Below 1 sharper, above 1 more varied");
        row(grid, 1, "Top-k", topK, "Draw from the k most likely tokens (0 = all)");
        row(grid, 2, "Top-p", topP, "Draw from the smallest set reaching this probability");
        row(grid, 3, "Max new tokens", maxNew, "Each answer stops here at the latest");
        row(grid, 4, "Seed", seedRow, "One seed gives one text; every column uses the same");
        getChildren().addAll(title, greedy, grid);
    }

    /** Takes what is typed in each spinner (Generate may come by shortcut, before focus leaves). */
    void commit() {
        spinners.forEach(SamplingForm::commit);
    }

    private static Property<Integer> seedProperty(SamplingSettings s) {
        javafx.beans.property.ObjectProperty<Integer> p =
                new javafx.beans.property.SimpleObjectProperty<>((int) s.seedProperty().get());
        p.addListener((obs, old, now) -> s.seedProperty().set(now));
        s.seedProperty().addListener((obs, old, now) -> p.set((int) Math.min(Integer.MAX_VALUE, now.longValue())));
        return p;
    }

    private <T> Spinner<T> spinner(String id, SpinnerValueFactory<T> factory, Property<T> value) {
        factory.valueProperty().bindBidirectional(value);
        Spinner<T> s = new Spinner<>(factory);
        s.setId(id);
        s.setEditable(true);
        s.setMaxWidth(Double.MAX_VALUE);
        s.getProperties().put("value", value); // a bidirectional binding holds it only weakly
        s.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                commit(s);
            }
        });
        spinners.add(s);
        return s;
    }

    private static <T> void commit(Spinner<T> s) {
        StringConverter<T> c = s.getValueFactory().getConverter();
        try {
            T v = c.fromString(s.getEditor().getText());
            if (v != null) {
                s.getValueFactory().setValue(v);
            }
        } catch (RuntimeException e) {
            s.getEditor().setText(c.toString(s.getValue())); // not a number: back to the value
        }
    }

    private static void row(GridPane grid, int r, String label, javafx.scene.Node field, String tip) {
        Label l = new Label(label);
        l.setTooltip(new Tooltip(tip));
        grid.addRow(r, l, field);
    }
}
