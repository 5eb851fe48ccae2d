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

    /** Each cause's type and message, one a line ("Caused by ..."); never a stack trace. */
    public static String causes(Throwable error) {
        StringBuilder sb = new StringBuilder();
        String prefix = "";
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(prefix).append(t.getClass().getName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
            prefix = "\nCaused by ";
        }
        return sb.toString();
    }

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
