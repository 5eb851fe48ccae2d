package tunebench.app;

import javafx.beans.property.ObjectProperty;
import javafx.scene.control.ListView;

/**
 * The left navigation list, bound both ways to the screen on show: clicking a screen shows
 * it, and a button elsewhere that switches screens moves the selection here.
 */
public final class Navigation {

    /** The workbench's screens in the order a fine-tune goes through them. */
    public enum Section {
        MODEL("Model", "The base model: open a Hugging Face folder"),
        DATASET("Dataset", "Training data: open, check, edit and save"),
        TRAIN("Train", "Fine-tune with LoRA or full training and watch the curves"),
        COMPARE("Compare", "Base against tuned, side by side");

        private final String title;
        private final String hint;

        Section(String title, String hint) {
            this.title = title;
            this.hint = hint;
        }

        public String title() {
            return title;
        }

        public String hint() {
            return hint;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private Navigation() {}

    public static ListView<Section> create(ObjectProperty<Section> shown) {
        ListView<Section> list = new ListView<>();
        list.getItems().setAll(Section.values());
        list.setId("navigation");
        list.getStyleClass().add("navigation");
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Section item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.title());
                setTooltip(empty || item == null ? null
                        : new javafx.scene.control.Tooltip(item.hint() + "  (Ctrl+"
                                + (item.ordinal() + 1) + ")"));
            }
        });
        list.getSelectionModel().select(shown.get());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                shown.set(now);
            }
        });
        shown.addListener((obs, old, now) -> {
            if (now != null && list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
            }
        });
        return list;
    }
}
