package tunebench.app.train;

import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** One titled block of the form: labels on the left, each control with its problem below. */
final class FormGrid extends VBox {

    private final FormControls controls;
    private final GridPane grid = new GridPane();

    FormGrid(String title, FormControls controls) {
        this.controls = controls;
        getStyleClass().add("form-section");
        if (title != null) {
            Label heading = new Label(title);
            heading.getStyleClass().add("section-title");
            getChildren().add(heading);
        }
        grid.getStyleClass().add("form-grid");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        labels.setPrefWidth(128);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().setAll(labels, fields);
        getChildren().add(grid);
    }

    /** A labelled row for a config key; number fields keep their short width. */
    FormGrid row(String key, Node control) {
        if (control instanceof TextField f && f.getStyleClass().contains("number-field")) {
            f.setMaxWidth(Region.USE_PREF_SIZE);
        }
        return row(FieldLabels.label(key), FieldLabels.hint(key), controls.withMessage(key, control));
    }

    /** A row with a field and a "…" button that picks its file or folder. */
    FormGrid browseRow(String key, TextField field, String tip, Runnable browse) {
        Button button = new Button("…");
        button.setTooltip(new Tooltip(tip));
        button.setId(field.getId() + "-browse"); // field-<key>-browse unless the field was renamed
        button.setOnAction(e -> browse.run());
        button.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(field, Priority.ALWAYS);
        HBox box = new HBox(4, field, button);
        return row(FieldLabels.label(key), FieldLabels.hint(key), controls.withMessage(key, box));
    }

    FormGrid row(String label, String hint, Node content) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        if (hint != null) {
            l.setTooltip(new Tooltip(hint));
        }
        int row = grid.getRowCount();
        grid.addRow(row, l, content);
        GridPane.setValignment(l, VPos.TOP);
        return this;
    }

    /** A label across both columns with its control underneath (a multi-line text). */
    FormGrid block(String label, String key, Node control) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        l.setWrapText(true);
        l.setTooltip(new Tooltip(FieldLabels.hint(key)));
        int row = grid.getRowCount();
        grid.add(l, 0, row, 2, 1);
        grid.add(controls.withMessage(key, control), 0, row + 1, 2, 1);
        return this;
    }

    /** A full-width line under the rows (a hint, the parameter count). */
    FormGrid note(Node node) {
        getChildren().add(node);
        return this;
    }
}
