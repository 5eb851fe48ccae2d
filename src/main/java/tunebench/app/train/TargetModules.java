package tunebench.app.train;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.engine.train.config.LoraMethod;

/**
 * The LoRA target-module checklist: one item per distinct linear layer of the open model
 * (q_proj ... down_proj), plus any name a loaded config asks for that the model lacks, so
 * nothing the user wrote is lost. A config that said "all-linear" writes "all-linear" back
 * until a box is unticked.
 */
final class TargetModules {

    /** One checkbox: a layer name and whether it is adapted. */
    record Item(String name, BooleanProperty checked) {}

    static final List<String> ATTENTION = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    /** Fires a change when an item is added, removed, ticked or unticked. */
    private final ObservableList<Item> items =
            FXCollections.observableArrayList(item -> new Observable[] {item.checked()});
    private List<String> layers = LoraMethod.DEFAULT_TARGET_MODULES;
    private boolean allLinear;
    private boolean updating;

    TargetModules() {
        rebuild(LoraMethod.DEFAULT_TARGET_MODULES);
    }

    ObservableList<Item> items() {
        return items;
    }

    /** The model's layer names; ticks are kept by name. */
    void setLayers(List<String> modelLayers) {
        boolean all = selected().equals(List.of(LoraMethod.ALL_LINEAR));
        List<String> checked = checkedNames();
        layers = modelLayers.isEmpty() ? LoraMethod.DEFAULT_TARGET_MODULES : List.copyOf(modelLayers);
        allLinear = all;
        rebuild(all ? layers : checked);
    }

    /** Ticks what a config's target_modules name. */
    void select(List<String> targets) {
        boolean all = targets.equals(List.of(LoraMethod.ALL_LINEAR));
        allLinear = all;
        rebuild(all ? layers : targets);
    }

    /** The "All linear" quick pick: every layer of the model. */
    void selectAll() {
        allLinear = false;
        rebuild(layers);
    }

    /** The "Attention only" quick pick. */
    void selectAttention() {
        allLinear = false;
        rebuild(ATTENTION);
    }

    /** What the config's target_modules becomes: ticked names in model order. */
    List<String> selected() {
        List<String> checked = checkedNames();
        if (allLinear && checked.containsAll(layers)) {
            return List.of(LoraMethod.ALL_LINEAR);
        }
        return checked;
    }

    private List<String> checkedNames() {
        return items.stream().filter(i -> i.checked().get()).map(Item::name).toList();
    }

    /** Model layers first, then names only the config knows; ticks exactly {@code checked}. */
    private void rebuild(List<String> checked) {
        List<String> names = new ArrayList<>(layers);
        checked.stream().filter(n -> !names.contains(n)).forEach(names::add);
        updating = true;
        try {
            List<Item> next = new ArrayList<>();
            for (String name : names) {
                BooleanProperty box = new SimpleBooleanProperty(checked.contains(name));
                box.addListener((obs, was, now) -> {
                    if (!updating) {
                        allLinear = false; // a hand-made choice is written out name by name
                    }
                });
                next.add(new Item(name, box));
            }
            items.setAll(next);
        } finally {
            updating = false;
        }
    }
}
