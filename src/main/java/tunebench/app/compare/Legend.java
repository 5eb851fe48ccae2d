package tunebench.app.compare;

import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * Explains the token colours (a swatch per step of {@link DiffScale}) and, outside blind mode,
 * lets the user pick the reference column the others are compared with.
 */
final class Legend extends FlowPane {

    private final CompareViewModel vm;
    private final ComboBox<String> reference = new ComboBox<>();
    private final Label against = new Label();
    private boolean updating;

    Legend(CompareViewModel vm) {
        super(14, 6);
        this.vm = vm;
        setId("compare-legend");
        getStyleClass().add("legend");
        setAlignment(Pos.CENTER_LEFT);
        Label intro = new Label("Token colours:");
        intro.setTooltip(new Tooltip("How likely each token is under its own column's model,"
                + " against the compared column's model (hover a token for both probabilities)"));
        intro.getStyleClass().add("muted");
        getChildren().add(intro);
        for (DiffScale step : DiffScale.values()) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("swatch", step.styleClass());
            Label label = new Label(step.legend());
            label.getStyleClass().addAll("legend-label", step.styleClass());
            HBox item = new HBox(5, swatch, label);
            item.setAlignment(Pos.CENTER_LEFT);
            getChildren().add(item);
        }
        reference.setId("reference-column");
        reference.setTooltip(new Tooltip("Every other column is coloured against this one;"
                + " it is coloured against the next column"));
        reference.valueProperty().addListener((obs, old, now) -> {
            if (!updating && now != null) {
                vm.referenceProperty().set(reference.getItems().indexOf(now));
            }
        });
        against.getStyleClass().add("muted");
        HBox chooser = new HBox(6, against, reference);
        chooser.setAlignment(Pos.CENTER_LEFT);
        getChildren().add(chooser);
    }

    /** Fills the reference choices for this comparison; hidden until there is one. */
    void show(Comparison c) {
        setVisible(c != null);
        if (c == null) {
            return;
        }
        boolean blind = vm.blindProperty().get();
        reference.setVisible(!blind);
        reference.setManaged(!blind);
        against.setText(blind ? "In blind mode each answer is compared with A, and A with B."
                : "Compare the columns with:");
        updating = true;
        reference.getItems().clear();
        for (int i = 0; i < c.columns().size(); i++) {
            reference.getItems().add((i + 1) + " · " + c.columns().get(i).label());
        }
        reference.getSelectionModel().select(Math.min(vm.referenceProperty().get(), c.columns().size() - 1));
        updating = false;
    }
}
