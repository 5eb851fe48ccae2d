package tunebench.app;

import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The left navigation list. Only Model works so far; the other screens are listed greyed out
 * with a "soon" tag and a tooltip, but stay hoverable (a disabled node shows no tooltip).
 */
public final class Navigation {

    /** The workbench's screens in the order a fine-tune goes through them. */
    public enum Section {
        MODEL("Model", null),
        DATASET("Dataset", "Coming soon: load, check and split your training data"),
        TRAIN("Train", "Coming soon: fine-tune with LoRA or QLoRA and watch the loss"),
        COMPARE("Compare", "Coming soon: compare the base model with your fine-tune");

        private final String title;
        private final String comingSoon;

        Section(String title, String comingSoon) {
            this.title = title;
            this.comingSoon = comingSoon;
        }

        public String title() {
            return title;
        }

        public boolean available() {
            return comingSoon == null;
        }
    }

    private Navigation() {}

    public static ListView<Section> create() {
        ListView<Section> list = new ListView<>();
        list.getItems().setAll(Section.values());
        list.setId("navigation");
        list.getStyleClass().add("navigation");
        list.setCellFactory(v -> new SectionCell());
        list.getSelectionModel().select(Section.MODEL);
        // Keyboard arrows could still land on an unavailable screen: step back to Model.
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now == null || !now.available()) {
                Section back = old != null && old.available() ? old : Section.MODEL;
                Platform.runLater(() -> list.getSelectionModel().select(back));
            }
        });
        return list;
    }

    private static final class SectionCell extends ListCell<Section> {

        private final Label title = new Label();
        private final Label soon = new Label("soon");
        private final Region spacer = new Region();
        private final HBox box = new HBox(8, title, spacer, soon);

        SectionCell() {
            HBox.setHgrow(spacer, Priority.ALWAYS);
            box.setAlignment(Pos.CENTER_LEFT);
            soon.getStyleClass().add("soon-tag");
            addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (getItem() != null && !getItem().available()) {
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(Section item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("coming-soon");
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            title.setText(item.title());
            soon.setVisible(!item.available());
            if (!item.available()) {
                getStyleClass().add("coming-soon");
            }
            setTooltip(item.available() ? null : new Tooltip(item.comingSoon));
            setGraphic(box);
        }
    }
}
