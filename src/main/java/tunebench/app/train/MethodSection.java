package tunebench.app.train;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/**
 * The method block: the method selector built from {@link MethodChoice#ALL}, DPO's settings
 * while DPO is chosen, the LoRA settings (hidden for full fine-tuning) with the target modules as a checklist of the
 * model's linear layers, and the live trainable-parameter count.
 */
final class MethodSection extends VBox {

    private final RunConfigForm form;
    private final FormControls controls;

    /** @param pickAdapter asks for DPO's starting adapter folder */
    MethodSection(TrainViewModel vm, FormControls controls, Runnable pickAdapter) {
        this.form = vm.form();
        this.controls = controls;
        getStyleClass().add("form-section");
        Label hint = new Label();
        hint.getStyleClass().addAll("muted", "method-hint");
        hint.setWrapText(true);
        hint.textProperty().bind(Bindings.createStringBinding(() -> form.method().hint(),
                form.text("method.type")));
        VBox lora = loraSettings();
        lora.visibleProperty().bind(Bindings.createBooleanBinding(form::showsLora,
                form.text("method.type"), form.text("method.adapter")));
        lora.managedProperty().bind(lora.visibleProperty());
        Label trainable = new Label();
        trainable.setId("trainable-parameters");
        trainable.getStyleClass().add("trainable");
        trainable.setWrapText(true);
        trainable.textProperty().bind(vm.trainableTextProperty());
        FormGrid top = new FormGrid("Method", controls).row("Type", FieldLabels.hint("method.type"),
                controls.withMessage("method.type", methodBox()));
        getChildren().addAll(top, hint, new DpoSection(form, controls, pickAdapter), lora, trainable);
    }

    private ComboBox<MethodChoice> methodBox() {
        ComboBox<MethodChoice> box = new ComboBox<>();
        box.getItems().setAll(MethodChoice.ALL);
        box.setValue(form.method());
        form.text("method.type").addListener((obs, was, now) -> box.setValue(MethodChoice.of(now)));
        box.valueProperty().addListener((obs, was, now) -> {
            if (now != null) {
                form.text("method.type").set(now.type());
            }
        });
        return controls.watch("method.type", box);
    }

    private VBox loraSettings() {
        FormGrid grid = new FormGrid(null, controls)
                .row("method.r", controls.number("method.r"))
                .row("method.alpha", controls.number("method.alpha"))
                .row("method.dropout", controls.number("method.dropout"));
        grid.row(FieldLabels.label("method.target_modules"), FieldLabels.hint("method.target_modules"),
                controls.withMessage("method.target_modules", targetChecklist()));
        return new VBox(8, grid, doubleQuant());
    }

    /** QLoRA's one storage setting the form offers (NF4 and float32 compute are the only choices). */
    private FormGrid doubleQuant() {
        FormGrid grid = new FormGrid(null, controls).row("method.double_quant",
                controls.check("method.double_quant", form.doubleQuant(),
                        "Double quantization (8-bit scale constants)"));
        grid.visibleProperty().bind(Bindings.createBooleanBinding(() -> form.method().quantized(),
                form.text("method.type")));
        grid.managedProperty().bind(grid.visibleProperty());
        return grid;
    }

    /** A checkbox per layer name, with the two quick picks above them. */
    private VBox targetChecklist() {
        Hyperlink all = new Hyperlink("All linear");
        all.setId("targets-all");
        all.setTooltip(new Tooltip("Every attention and MLP projection (what QLoRA found works best)"));
        all.setOnAction(e -> form.targets().selectAll());
        Hyperlink attention = new Hyperlink("Attention only");
        attention.setId("targets-attention");
        attention.setTooltip(new Tooltip("q_proj, k_proj, v_proj and o_proj, as in the LoRA paper"));
        attention.setOnAction(e -> form.targets().selectAttention());
        TilePane boxes = new TilePane();
        boxes.getStyleClass().add("target-modules");
        boxes.setPrefColumns(2);
        boxes.setTileAlignment(Pos.CENTER_LEFT);
        fill(boxes);
        form.targets().items().addListener((ListChangeListener<TargetModules.Item>) c -> {
            // only additions and removals rebuild; a tick is already shown by its box
            while (c.next()) {
                if (c.wasAdded() || c.wasRemoved()) {
                    fill(boxes);
                    return;
                }
            }
        });
        HBox picks = new HBox(4, all, new Label("·"), attention);
        picks.getStyleClass().add("quick-picks");
        return controls.watch("method.target_modules", new VBox(2, picks, boxes));
    }

    private void fill(TilePane boxes) {
        boxes.getChildren().clear();
        for (TargetModules.Item item : form.targets().items()) {
            CheckBox box = new CheckBox(item.name());
            box.setMnemonicParsing(false); // "q_proj" is a name, not "_p" as a shortcut
            box.setId("target-" + item.name());
            box.selectedProperty().bindBidirectional(item.checked());
            boxes.getChildren().add(box);
        }
    }
}
