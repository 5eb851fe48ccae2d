package tunebench.app.train;

import java.util.Arrays;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.dpo.DpoLossType;

/**
 * DPO's own settings under the method selector, shown while DPO is chosen: what trains (the
 * LoRA fields above apply to "lora"), the SFT adapter to continue, and the objective's keys
 * as TRL names them (beta, loss type, label smoothing, max prompt length, rpo_alpha), with a reminder
 * that its data is preference pairs, not instructions.
 */
final class DpoSection extends VBox {

    static final String DATA_HINT = "Training and validation data must be preference pairs:"
            + " JSON or JSONL with prompt, chosen and rejected (chosen is the better answer).";

    DpoSection(RunConfigForm form, FormControls c, Runnable pickAdapter) {
        super(6);
        setId("dpo-settings");
        Label data = new Label(DATA_HINT);
        data.setId("dpo-data-hint");
        data.getStyleClass().addAll("muted", "method-hint");
        data.setWrapText(true);
        TextField adapter = c.text("method.init_adapter");
        adapter.setId("dpo-init-adapter"); // the same key is under "More settings" for LoRA
        adapter.setPromptText("empty = a fresh adapter");
        adapter.disableProperty().bind(form.text("method.adapter").isEqualTo(DpoMethod.FULL));
        ComboBox<String> loss = c.choice("method.loss_type",
                Arrays.stream(DpoLossType.values()).map(DpoLossType::trlName).toList());
        TextField smoothing = c.number("method.label_smoothing");
        // TRL smooths the sigmoid loss only; the engine refuses it for the others
        smoothing.disableProperty().bind(Bindings.createBooleanBinding(() ->
                !DpoLossType.SIGMOID.trlName().equals(form.text("method.loss_type").get())
                        && isZero(form.text("method.label_smoothing").get()),
                form.text("method.loss_type"), form.text("method.label_smoothing")));
        FormGrid grid = new FormGrid(null, c)
                .row("method.adapter", c.choice("method.adapter", List.of(DpoMethod.LORA, DpoMethod.FULL)))
                .browseRow("method.init_adapter", adapter, "Choose the SFT adapter to continue",
                        pickAdapter)
                .row("method.beta", c.number("method.beta"))
                .row("method.loss_type", loss)
                .row("method.label_smoothing", smoothing)
                .row("method.max_prompt_length", c.number("method.max_prompt_length"))
                .row("method.rpo_alpha", c.number("method.rpo_alpha"))
                .row("method.disable_dropout", c.check("method.disable_dropout",
                        form.disableDropout(), "No dropout in policy passes"));
        getChildren().addAll(data, grid);
        visibleProperty().bind(Bindings.createBooleanBinding(form::isDpo, form.text("method.type")));
        managedProperty().bind(visibleProperty());
    }

    /** A smoothing already typed stays editable, so its problem can be fixed in place. */
    private static boolean isZero(String text) {
        try {
            return Double.parseDouble(text.strip()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
