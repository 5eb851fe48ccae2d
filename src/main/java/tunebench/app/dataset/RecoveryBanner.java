package tunebench.app.dataset;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The offer to recover edits an earlier session did not save, as a banner over the Dataset
 * screen rather than a dialog: the file can be looked at before deciding. The autosave decides;
 * the banner only shows its offer and passes on the answer.
 */
final class RecoveryBanner extends HBox {

    RecoveryBanner(Autosave autosave) {
        super(8);
        setId("recovery-banner");
        getStyleClass().add("recovery-banner");
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-background-color: #fef3c7; -fx-background-radius: 6; -fx-padding: 8 10 8 12;");
        Label text = new Label();
        text.setId("recovery-text");
        text.setWrapText(true);
        text.setStyle("-fx-text-fill: #92400e;");
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button recover = new Button("Recover");
        recover.setId("recover-edits");
        recover.setTooltip(new Tooltip("Put the autosaved edits back as unsaved changes (Undo returns to the file)"));
        recover.setOnAction(e -> autosave.recover());
        Button discard = new Button("Discard");
        discard.setId("discard-recovery");
        discard.setTooltip(new Tooltip("Delete the autosaved edits"));
        discard.setOnAction(e -> autosave.discardRecovery());
        Button later = new Button("Decide later");
        later.setId("recover-later");
        later.setTooltip(new Tooltip("Keep the autosaved edits and ask again the next time this file is opened;"
                + " until then edits to it are not autosaved"));
        later.setOnAction(e -> autosave.decideLater());
        for (Button b : new Button[] {recover, discard, later}) {
            b.setMinWidth(USE_PREF_SIZE);
        }
        getChildren().addAll(text, recover, discard, later);
        autosave.offerProperty().addListener((obs, old, now) -> text.setText(autosave.offerText()));
        text.setText(autosave.offerText());
        visibleProperty().bind(autosave.offerProperty().isNotNull());
        managedProperty().bind(visibleProperty());
    }

    /** "Autosaved 14:03" beside "Unsaved changes". */
    static Label status(Autosave autosave) {
        Label label = new Label();
        label.setId("autosave-status");
        label.getStyleClass().add("muted");
        label.textProperty().bind(autosave.statusProperty());
        label.setMinWidth(USE_PREF_SIZE);
        return label;
    }
}
