package tunebench.app.dataset;

import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;

/**
 * The toolbar's drop-downs for the problem kind and the category filters. The view-model holds
 * the chosen value; the box shows the choice with that value, whose count changes as rows are
 * edited, and hides itself while there is nothing to choose from.
 */
final class FilterBoxes {

    private FilterBoxes() {}

    static ComboBox<FilterChoice> kind(DatasetViewModel vm) {
        return box("kind-filter", vm.filter().kindChoices(), vm.filter().kindProperty(),
                "Show only examples with this kind of problem");
    }

    static ComboBox<FilterChoice> category(DatasetViewModel vm) {
        return box("category-filter", vm.filter().categoryChoices(), vm.filter().categoryProperty(),
                "Show only examples of this category (the records' \"category\" field)");
    }

    private static ComboBox<FilterChoice> box(String id, ObservableList<FilterChoice> choices,
            StringProperty value, String tip) {
        ComboBox<FilterChoice> box = new ComboBox<>(choices);
        box.setId(id);
        box.setTooltip(new Tooltip(tip));
        box.setVisibleRowCount(14);
        box.visibleProperty().bind(Bindings.size(choices).greaterThan(1));
        box.managedProperty().bind(box.visibleProperty());
        boolean[] syncing = {false};
        Runnable select = () -> {
            syncing[0] = true;
            try {
                box.setValue(choices.stream().filter(c -> Objects.equals(c.value(), value.get()))
                        .findFirst().orElse(null));
            } finally {
                syncing[0] = false;
            }
        };
        choices.addListener((ListChangeListener<FilterChoice>) c -> select.run());
        value.addListener(o -> select.run());
        box.valueProperty().addListener((obs, old, now) -> {
            if (syncing[0]) {
                return;
            }
            if (now == null) {
                select.run(); // the skin clears the value when the items change; show the choice again
            } else {
                value.set(now.value());
            }
        });
        select.run();
        return box;
    }
}
