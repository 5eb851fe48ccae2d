package tunebench.app;

import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/**
 * The one way the app reports a failure: a headline, a sentence on why, and the technical
 * details folded away behind "Show Details". Never a stack trace.
 */
public final class ErrorDialog {

    private ErrorDialog() {}

    /** Shows the dialog without blocking and returns it (tests close it). */
    public static Alert show(Window owner, String message, String reason, String details) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle("Tunebench");
        alert.setHeaderText(message);
        alert.setContentText(reason);
        if (owner != null) {
            alert.initOwner(owner);
            if (owner.getScene() != null) {
                alert.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
            }
        }
        if (details != null && !details.isBlank()) {
            TextArea area = new TextArea(details);
            area.setEditable(false);
            area.setWrapText(true);
            area.setPrefRowCount(6);
            area.getStyleClass().add("error-details");
            alert.getDialogPane().setExpandableContent(area);
        }
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        alert.getDialogPane().setPrefWidth(520);
        alert.show();
        return alert;
    }
}
