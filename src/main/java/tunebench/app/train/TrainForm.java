package tunebench.app.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import tunebench.engine.data.DataFormat;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.config.ModelSpec;
import tunebench.engine.train.config.ScheduleSpec;

/**
 * The run settings, top to bottom in the order one decides them: run, model, method, data,
 * optimizer, schedule, evaluation, checkpoints; the settings most runs leave alone are in
 * "More settings", which opens by itself when one of them has a problem.
 */
final class TrainForm extends VBox {

    /** Keys shown under "More settings". */
    private static final List<String> ADVANCED = List.of("output_dir", "seed", "model.chat_template",
            "model.device", "data.train_on_prompt", "data.format", "data.columns", "method.use_rslora", "method.init_adapter",
            "optim.beta1", "optim.beta2", "optim.eps", "schedule.warmup_steps",
            "schedule.log_every", "eval.probe_max_new_tokens");

    private final TrainViewModel vm;
    private final RunConfigForm form;
    private final FormControls c;
    private final Choosers choosers;

    TrainForm(TrainViewModel vm, FormControls controls, Choosers choosers) {
        this.vm = vm;
        this.form = vm.form();
        this.c = controls;
        this.choosers = choosers;
        getStyleClass().add("train-form");
        getChildren().addAll(run(), model(), new MethodSection(vm, controls, () -> pick(
                () -> choosers.folder("Adapter folder", "adapter"), "method.init_adapter")),
                new MemorySection(vm.memory()), data(), optimizer(),
                schedule(), evaluation(), checkpoints(), advanced());
    }

    private FormGrid run() {
        Label folder = new Label();
        folder.setId("run-folder");
        folder.getStyleClass().add("muted");
        folder.textProperty().bind(Bindings.concat("Saved in ", vm.runFolderProperty()));
        return new FormGrid("Run", c).row("name", c.text("name"))
                .note(folder);
    }

    private FormGrid model() {
        return new FormGrid("Model", c).browseRow("model.path", c.text("model.path"),
                "Choose a model folder", () -> pick(() -> choosers.folder("Model folder", "model"),
                        "model.path"))
                .row("model.gradient_checkpointing", c.check("model.gradient_checkpointing",
                        form.gradientCheckpointing(), "Recompute layers in backward (less memory)"));
    }

    private FormGrid data() {
        TextField split = c.number("data.validation_split");
        split.disableProperty().bind(form.text("data.validation").isNotEmpty());
        return new FormGrid("Data", c)
                .browseRow("data.train", c.text("data.train"), "Choose the training data",
                        () -> pick(() -> choosers.dataFile("Training data"), "data.train"))
                .browseRow("data.validation", c.text("data.validation"), "Choose a validation file",
                        () -> pick(() -> choosers.dataFile("Validation data"), "data.validation"))
                .row("data.validation_split", split)
                .row("data.max_length", c.number("data.max_length"))
                .row("data.packing", c.check("data.packing", form.packing(), "Pack short examples into full rows"));
    }

    private FormGrid optimizer() {
        return new FormGrid("Optimizer (AdamW)", c)
                .row("optim.lr", c.number("optim.lr"))
                .row("optim.weight_decay", c.number("optim.weight_decay"))
                .row("optim.max_grad_norm", c.number("optim.max_grad_norm"))
                .row("optim.paged", c.check("optim.paged", form.pagedOptimizer(),
                        "Paged optimizer (moments in host memory; for GPUs)"));
    }

    private FormGrid schedule() {
        Label effective = new Label();
        effective.getStyleClass().add("muted");
        effective.setWrapText(true);
        effective.textProperty().bind(Bindings.createStringBinding(this::effectiveBatch,
                form.text("schedule.batch_size"), form.text("schedule.gradient_accumulation")));
        return new FormGrid("Schedule", c)
                .row("schedule.type", c.choice("schedule.type", ScheduleSpec.TYPES))
                .row("schedule.warmup_ratio", c.number("schedule.warmup_ratio"))
                .row("Length", "Run for a number of epochs, or of optimizer steps", length())
                .row("schedule.batch_size", c.number("schedule.batch_size"))
                .row("schedule.gradient_accumulation", c.number("schedule.gradient_accumulation"))
                .note(effective);
    }

    /** Epochs or steps: two radio buttons and the one field that counts. */
    private VBox length() {
        ToggleGroup group = new ToggleGroup();
        RadioButton epochs = new RadioButton("Epochs");
        epochs.setId("length-epochs");
        RadioButton steps = new RadioButton("Steps");
        steps.setId("length-steps");
        epochs.setToggleGroup(group);
        steps.setToggleGroup(group);
        steps.setSelected(form.bySteps().get());
        epochs.setSelected(!form.bySteps().get());
        form.bySteps().addListener((obs, was, now) -> (now ? steps : epochs).setSelected(true));
        steps.selectedProperty().addListener((obs, was, now) -> form.bySteps().set(now));
        epochs.setMinWidth(Region.USE_PREF_SIZE);
        steps.setMinWidth(Region.USE_PREF_SIZE);
        TextField epochField = c.number("schedule.epochs");
        TextField stepField = c.number("schedule.max_steps");
        epochField.visibleProperty().bind(form.bySteps().not());
        stepField.visibleProperty().bind(form.bySteps());
        StackPane field = new StackPane(epochField, stepField);
        field.setAlignment(Pos.CENTER_LEFT);
        field.setMaxWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(10, epochs, steps, field);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(2, row, c.message("schedule.epochs"), c.message("schedule.max_steps"));
    }

    private String effectiveBatch() {
        try {
            int batch = Integer.parseInt(form.text("schedule.batch_size").get().strip());
            int accumulation = Integer.parseInt(form.text("schedule.gradient_accumulation").get().strip());
            return batch * accumulation + " examples per optimizer step (batch × accumulation)";
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private FormGrid evaluation() {
        return new FormGrid("Evaluation", c)
                .row("eval.every_steps", c.number("eval.every_steps"))
                .block("Probe prompts, one a line; answered at each evaluation",
                        "eval.probe_prompts", c.area("eval.probe_prompts", 4));
    }

    private FormGrid checkpoints() {
        return new FormGrid("Checkpoints", c)
                .row("checkpoint.every_steps", c.number("checkpoint.every_steps"))
                .row("checkpoint.keep_last", c.number("checkpoint.keep_last"));
    }

    private TitledPane advanced() {
        TextField adapter = c.text("method.init_adapter");
        CheckBox rslora = c.check("method.use_rslora", form.useRslora(), "Scale by alpha / √r");
        // LoRA-only settings stay visible (they are kept for switching back) but inert
        BooleanBinding notLora = Bindings.createBooleanBinding(() -> !form.showsLora(),
                form.text("method.type"), form.text("method.adapter"));
        // DPO shows its starting adapter in its own section
        adapter.disableProperty().bind(notLora.or(Bindings.createBooleanBinding(form::isDpo,
                form.text("method.type"))));
        rslora.disableProperty().bind(notLora);
        TextField output = c.text("output_dir");
        output.promptTextProperty().bind(Bindings.concat("runs/", form.text("name")));
        FormGrid grid = new FormGrid(null, c)
                .row("output_dir", output)
                .row("seed", c.number("seed"))
                .row("model.chat_template", chatTemplate())
                .row("model.device", device())
                .row("data.train_on_prompt", c.check("data.train_on_prompt", form.trainOnPrompt(),
                        "Also learn the prompt tokens"))
                .row("data.format", dataFormat())
                .row("data.columns", c.text("data.columns"))
                .row("method.use_rslora", rslora)
                .browseRow("method.init_adapter", adapter, "Choose a PEFT adapter folder",
                        () -> pick(() -> choosers.folder("Adapter folder", "adapter"), "method.init_adapter"))
                .row("optim.beta1", c.number("optim.beta1"))
                .row("optim.beta2", c.number("optim.beta2"))
                .row("optim.eps", c.number("optim.eps"))
                .row("schedule.warmup_steps", c.number("schedule.warmup_steps"))
                .row("schedule.log_every", c.number("schedule.log_every"))
                .row("eval.probe_max_new_tokens", c.number("eval.probe_max_new_tokens"));
        TitledPane pane = new TitledPane("More settings", grid);
        pane.setId("more-settings");
        pane.setExpanded(false);
        pane.getStyleClass().add("more-settings");
        vm.problems().addListener((MapChangeListener<String, String>) ch -> {
            boolean shownAbove = form.isDpo() && ch.getKey().equals("method.init_adapter");
            if (ch.wasAdded() && ADVANCED.contains(ch.getKey()) && !shownAbove) {
                pane.setExpanded(true); // a problem nobody can see cannot be fixed
            }
        });
        return pane;
    }

    /**
     * Auto, CPU or one of the GPUs the driver listed, stored as model.device's text; a note
     * under it says why a GPU choice would not get a GPU.
     */
    private VBox device() {
        DeviceOptions options = new DeviceOptions(DjlRuntime.plan(), DjlRuntime.statusIfStarted());
        List<String> values = new ArrayList<>(options.values());
        String current = form.text("model.device").get();
        if (current != null && !current.isBlank() && !values.contains(current)) {
            values.add(current); // a value typed in the JSON ("cuda:1") stays as it is
        }
        List<ComboBox<String>> made = new ArrayList<>(1);
        // A value from an opened config ("cuda:1") joins the list before the box is given it
        // (this listener comes before the box's binding), so the box can show it.
        form.text("model.device").addListener((obs, was, now) -> {
            if (now != null && !now.isBlank() && !made.isEmpty() && !made.get(0).getItems().contains(now)) {
                made.get(0).getItems().add(now);
            }
        });
        ComboBox<String> box = c.choice("model.device", values);
        made.add(box);
        // The button shows the value through the converter: a cell would stay empty for an
        // item added as the value arrives (a config opened with "cuda:1").
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String value) {
                return options.label(value);
            }

            @Override
            public String fromString(String text) {
                return text; // not editable: never called with typed text
            }
        });
        box.setCellFactory(v -> new DeviceCell(options));
        Label note = new Label();
        note.setId("device-note");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.textProperty().bind(Bindings.createStringBinding(
                () -> options.note(form.text("model.device").get()), form.text("model.device")));
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        return new VBox(2, box, note);
    }

    /** Detected (empty) or one of the formats the data package reads. */
    private ComboBox<String> dataFormat() {
        List<String> options = new ArrayList<>(List.of(""));
        Arrays.stream(DataFormat.values()).map(DataFormat::label).forEach(options::add);
        ComboBox<String> box = c.choice("data.format", options);
        box.setButtonCell(new FormatCell());
        box.setCellFactory(v -> new FormatCell());
        return box;
    }

    /** The model's own template, or one of the named ones for base models. */
    private ComboBox<String> chatTemplate() {
        List<String> options = new ArrayList<>(List.of(""));
        options.addAll(ModelSpec.CHAT_TEMPLATES);
        ComboBox<String> box = c.choice("model.chat_template", options);
        box.setButtonCell(new TemplateCell());
        box.setCellFactory(v -> new TemplateCell());
        return box;
    }

    private void pick(Supplier<Optional<Path>> chooser, String key) {
        chooser.get().ifPresent(p -> form.text(key).set(vm.shown(p)));
    }

    /** "" reads as the model's own template. */
    private static final class TemplateCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? "The model's own" : item);
        }
    }

    private static final class DeviceCell extends ListCell<String> {
        private final DeviceOptions options;

        DeviceCell(DeviceOptions options) {
            this.options = options;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : options.label(item));
        }
    }

    private static final class FormatCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? "Detect from the file" : item);
        }
    }
}
