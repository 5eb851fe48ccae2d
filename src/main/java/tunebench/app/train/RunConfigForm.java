package tunebench.app.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import tunebench.engine.train.config.CheckpointSpec;
import tunebench.engine.train.config.DataSpec;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.EvalSpec;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.Method;
import tunebench.engine.train.config.ModelSpec;
import tunebench.engine.train.config.OptimSpec;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunPresets;
import tunebench.engine.train.config.ScheduleSpec;

/**
 * The Train form's state, one property per run-config key, holding text exactly as typed (so
 * "2e-" can sit in a field mid-edit). {@link #load} fills it from a config; {@link #read}
 * turns it back into one, with a problem for each field that does not parse, keyed by the
 * same dotted names {@code RunConfig.validate()} uses.
 */
final class RunConfigForm {

    /** Every text setting, by config key, in the order the form shows them. */
    static final List<String> TEXT_KEYS = List.of("name", "output_dir", "seed", "model.path",
            "model.chat_template", "model.device", "data.train", "data.validation",
            "data.validation_split", "data.max_length", "data.format", "data.columns", "method.type", "method.r", "method.alpha",
            "method.dropout", "method.init_adapter", "method.adapter", "method.beta",
            "method.loss_type", "method.label_smoothing", "method.max_prompt_length",
            "method.rpo_alpha", "optim.lr", "optim.weight_decay", "optim.max_grad_norm",
            "optim.beta1", "optim.beta2", "optim.eps", "schedule.type",
            "schedule.warmup_ratio", "schedule.warmup_steps", "schedule.epochs",
            "schedule.max_steps", "schedule.batch_size", "schedule.gradient_accumulation",
            "schedule.log_every", "eval.every_steps", "eval.probe_prompts",
            "eval.probe_max_new_tokens", "checkpoint.every_steps", "checkpoint.keep_last");

    /** What the form holds as a config, and what in it did not parse. */
    record Reading(RunConfig config, Map<String, String> problems) {}

    private final Map<String, StringProperty> text = new LinkedHashMap<>();
    private final BooleanProperty packing = new SimpleBooleanProperty(this, "data.packing");
    private final BooleanProperty trainOnPrompt = new SimpleBooleanProperty(this, "data.train_on_prompt");
    private final BooleanProperty useRslora = new SimpleBooleanProperty(this, "method.use_rslora");
    private final BooleanProperty gradientCheckpointing =
            new SimpleBooleanProperty(this, "model.gradient_checkpointing");
    private final BooleanProperty pagedOptimizer = new SimpleBooleanProperty(this, "optim.paged");
    private final BooleanProperty doubleQuant = new SimpleBooleanProperty(this, "method.double_quant", true);
    private final BooleanProperty disableDropout = new SimpleBooleanProperty(this, "method.disable_dropout", true);
    /** Length in optimizer steps (schedule.max_steps) rather than epochs. */
    private final BooleanProperty bySteps = new SimpleBooleanProperty(this, "bySteps");
    private final TargetModules targets = new TargetModules();

    RunConfigForm() {
        TEXT_KEYS.forEach(k -> text.put(k, new SimpleStringProperty(this, k, "")));
        // A validation file replaces the split, as in the JSON; clearing it brings the split back.
        text("data.validation").addListener((obs, was, now) -> {
            if (was.isBlank() && !now.isBlank()) {
                text("data.validation_split").set("0");
            } else if (!was.isBlank() && now.isBlank()) {
                text("data.validation_split").set(FormText.number(DataSpec.defaultSplitFor(null)));
            }
        });
    }

    StringProperty text(String key) {
        StringProperty p = text.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no form field " + key);
        }
        return p;
    }

    BooleanProperty packing() {
        return packing;
    }

    BooleanProperty trainOnPrompt() {
        return trainOnPrompt;
    }

    BooleanProperty useRslora() {
        return useRslora;
    }

    BooleanProperty bySteps() {
        return bySteps;
    }

    BooleanProperty gradientCheckpointing() {
        return gradientCheckpointing;
    }

    BooleanProperty pagedOptimizer() {
        return pagedOptimizer;
    }

    /** QLoRA's double quantization; kept while another method is chosen, for switching back. */
    BooleanProperty doubleQuant() {
        return doubleQuant;
    }

    /** DPO's disable_dropout; kept while another method is chosen, as double quant is. */
    BooleanProperty disableDropout() {
        return disableDropout;
    }

    TargetModules targets() {
        return targets;
    }

    MethodChoice method() {
        return MethodChoice.of(text("method.type").get());
    }

    boolean isDpo() {
        return DpoMethod.TYPE.equals(method().type());
    }

    /** Whether the LoRA fields count now: a LoRA-family method, but not DPO of the full model. */
    boolean showsLora() {
        return method().showsLora() && !(isDpo() && DpoMethod.FULL.equals(text("method.adapter").get()));
    }

    /** Everything a listener must watch to hear every edit. */
    List<Observable> observables() {
        List<Observable> all = new ArrayList<>(text.values());
        all.addAll(List.of(packing, trainOnPrompt, useRslora, bySteps, gradientCheckpointing,
                pagedOptimizer, doubleQuant, disableDropout, targets.items()));
        return all;
    }

    void load(RunConfig c) {
        set("name", c.name());
        set("output_dir", c.outputDir());
        set("seed", Long.toString(c.seed()));
        set("model.path", c.model().path());
        set("model.chat_template", c.model().chatTemplate());
        set("model.device", c.model().device());
        gradientCheckpointing.set(c.model().gradientCheckpointing());
        loadData(c.data());
        loadMethod(c.method());
        loadOptim(c.optim());
        loadSchedule(c.schedule());
        set("eval.every_steps", Integer.toString(c.eval().everySteps()));
        set("eval.probe_prompts", String.join("\n", c.eval().probePrompts()));
        set("eval.probe_max_new_tokens", Integer.toString(c.eval().probeMaxNewTokens()));
        loadCheckpoint(c.checkpoint());
    }

    /** A preset's training settings; name, folder, model, data, prompts and seed stay as typed. */
    void applyPreset(RunPresets.Preset p) {
        loadMethod(p.method());
        loadOptim(p.optim());
        loadSchedule(p.schedule());
        set("eval.every_steps", Integer.toString(p.evalEverySteps()));
        loadCheckpoint(p.checkpoint());
    }

    private void loadOptim(OptimSpec o) {
        setNumbers(new String[] {"optim.lr", "optim.weight_decay", "optim.max_grad_norm",
            "optim.beta1", "optim.beta2", "optim.eps"},
                o.lr(), o.weightDecay(), o.maxGradNorm(), o.beta1(), o.beta2(), o.eps());
        pagedOptimizer.set(o.paged());
    }

    private void loadCheckpoint(CheckpointSpec c) {
        set("checkpoint.every_steps", Integer.toString(c.everySteps()));
        set("checkpoint.keep_last", Integer.toString(c.keepLast()));
    }

    private void loadData(DataSpec d) {
        set("data.train", d.train());
        set("data.validation", d.validation()); // before the split: setting it resets the split
        set("data.validation_split", FormText.number(d.validationSplit()));
        set("data.max_length", Integer.toString(d.maxLength()));
        set("data.format", d.format());
        set("data.columns", d.columns());
        packing.set(d.packing());
        trainOnPrompt.set(d.trainOnPrompt());
    }

    /** A method without LoRA settings leaves the last ones in place for switching back. */
    private void loadMethod(Method m) {
        MethodChoice choice = MethodChoice.of(m.type());
        LoraMethod l = choice.showsLora() && choice.type().equals(m.type())
                ? choice.loraOf().apply(m) : null;
        if (l != null) {
            set("method.r", Integer.toString(l.r()));
            setNumbers(new String[] {"method.alpha", "method.dropout"}, l.alpha(), l.dropout());
            set("method.init_adapter", l.initAdapter());
            useRslora.set(l.useRslora());
            targets.select(l.targetModules());
            if (m instanceof QloraMethod q) {
                doubleQuant.set(q.doubleQuant());
            }
        } else if (text("method.r").get().isEmpty()) {
            loadMethod(LoraMethod.defaults());
        }
        if (m instanceof DpoMethod d) {
            loadDpo(DpoFields.Objective.of(d));
        } else if (text("method.beta").get().isEmpty()) {
            loadDpo(DpoFields.Objective.of(DpoMethod.defaults()));
        }
        set("method.type", m.type());
    }

    private void loadDpo(DpoFields.Objective o) {
        set("method.adapter", o.adapter());
        setNumbers(new String[] {"method.beta", "method.label_smoothing", "method.rpo_alpha"},
                o.beta(), o.labelSmoothing(), o.rpoAlpha());
        set("method.loss_type", o.lossType());
        set("method.max_prompt_length", Integer.toString(o.maxPromptLength()));
        disableDropout.set(o.disableDropout());
    }

    private void loadSchedule(ScheduleSpec s) {
        set("schedule.type", s.type());
        setNumbers(new String[] {"schedule.warmup_ratio"}, s.warmupRatio());
        set("schedule.warmup_steps", Integer.toString(s.warmupSteps()));
        set("schedule.epochs", Integer.toString(s.epochs()));
        bySteps.set(s.maxSteps() != ScheduleSpec.BY_EPOCHS);
        set("schedule.max_steps", s.maxSteps() == ScheduleSpec.BY_EPOCHS ? "" : Integer.toString(s.maxSteps()));
        set("schedule.batch_size", Integer.toString(s.batchSize()));
        set("schedule.gradient_accumulation", Integer.toString(s.gradientAccumulation()));
        set("schedule.log_every", Integer.toString(s.logEvery()));
    }

    private void set(String key, String value) {
        text(key).set(value == null ? "" : value);
    }

    private void setNumbers(String[] keys, double... values) {
        for (int i = 0; i < keys.length; i++) {
            set(keys[i], FormText.number(values[i]));
        }
    }

    /** The config the form describes; a field that does not parse gets a placeholder and a problem. */
    Reading read() {
        FieldReader r = new FieldReader(text);
        ModelSpec model = new ModelSpec(r.string("model.path"), r.optional("model.chat_template"),
                r.string("model.device"), gradientCheckpointing.get());
        DataSpec data = new DataSpec(r.string("data.train"), r.optional("data.validation"),
                r.number("data.validation_split"), r.integer("data.max_length"), packing.get(),
                trainOnPrompt.get(), r.optional("data.format"), r.optional("data.columns"));
        MethodChoice choice = method();
        LoraMethod lora = showsLora() ? new LoraMethod(r.integer("method.r"),
                r.number("method.alpha"), r.number("method.dropout"), targets.selected(),
                useRslora.get(), r.optional("method.init_adapter")) : null;
        OptimSpec optim = new OptimSpec(r.number("optim.lr"), r.number("optim.weight_decay"),
                r.number("optim.beta1"), r.number("optim.beta2"), r.number("optim.eps"),
                r.number("optim.max_grad_norm"), pagedOptimizer.get());
        Method method = isDpo() ? DpoFields.build(lora == null ? LoraMethod.defaults() : lora,
                dpoObjective(r)) : choice.build().apply(lora);
        if (method instanceof QloraMethod q) {
            method = q.withDoubleQuant(doubleQuant.get());
        }
        EvalSpec eval = new EvalSpec(r.integer("eval.every_steps"), prompts(),
                r.integer("eval.probe_max_new_tokens"));
        CheckpointSpec checkpoint = new CheckpointSpec(r.integer("checkpoint.every_steps"),
                r.integer("checkpoint.keep_last"));
        RunConfig config = new RunConfig(RunConfig.SCHEMA_VERSION, r.string("name"),
                r.optional("output_dir"), model, data, method, optim,
                schedule(r), eval, checkpoint, r.seed("seed"));
        return new Reading(config, r.problems());
    }

    /** DPO's own fields; read only while DPO is chosen, so their text cannot block another method. */
    private DpoFields.Objective dpoObjective(FieldReader r) {
        return new DpoFields.Objective(r.string("method.adapter"), r.number("method.beta"),
                r.string("method.loss_type"), r.number("method.label_smoothing"),
                r.integer("method.max_prompt_length"), disableDropout.get(),
                r.number("method.rpo_alpha"));
    }

    /** Epochs or steps: the one not in use keeps its text but is not checked. */
    private ScheduleSpec schedule(FieldReader r) {
        boolean steps = bySteps.get();
        int epochs = steps ? r.integerOr("schedule.epochs", 1) : r.integer("schedule.epochs");
        int maxSteps = steps ? r.integer("schedule.max_steps") : ScheduleSpec.BY_EPOCHS;
        return new ScheduleSpec(r.string("schedule.type"), r.number("schedule.warmup_ratio"),
                r.integer("schedule.warmup_steps"), epochs, maxSteps, r.integer("schedule.batch_size"),
                r.integer("schedule.gradient_accumulation"), r.integer("schedule.log_every"));
    }

    /** One prompt a line; blank lines are gaps, not prompts. */
    private List<String> prompts() {
        return Arrays.stream(text("eval.probe_prompts").get().split("\\R"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
