package tunebench.app.dataset;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The whole record as JSON text: any field, known or not, and the only way to mend a line that
 * is not JSON. Unlike the field editors it applies on request, since JSON half typed is broken.
 */
final class JsonPane extends VBox {

    private final DatasetViewModel vm;
    private final TextArea json = new TextArea();
    private final Label error = new Label();
    private DatasetRow row;
    private boolean syncing;
    private boolean edited; // typed into since the record was last shown: keep the user's text

    JsonPane(DatasetViewModel vm) {
        super(8);
        this.vm = vm;
        getStyleClass().add("json-pane");
        json.setId("record-json");
        json.getStyleClass().add("json-area");
        json.setWrapText(true);
        json.textProperty().addListener((obs, old, now) -> edited |= !syncing);
        VBox.setVgrow(json, Priority.ALWAYS);
        Button apply = new Button("Apply JSON");
        apply.setId("apply-json");
        apply.setOnAction(e -> apply());
        Button reset = new Button("Reset");
        reset.setOnAction(e -> show(row));
        error.getStyleClass().add("json-error");
        error.setWrapText(true);
        HBox buttons = new HBox(8, apply, reset, error);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(json, buttons);
    }

    /** Shows this row's record afresh, dropping text typed for another. */
    void show(DatasetRow next) {
        row = next;
        edited = false;
        sync();
    }

    /** The record changed (an edit elsewhere, undo): show it unless the user is typing JSON. */
    void sync() {
        if (row != null && !edited) {
            syncing = true;
            json.setText(row.record().json());
            syncing = false;
            error.setText(row.record().isRaw() ? "Not valid JSON yet." : "");
        }
    }

    private void apply() {
        String why = vm.editJson(row, json.getText());
        error.setText(why == null ? "" : DatasetRow.readable(why));
        if (why == null) {
            show(row);
        }
    }
}
