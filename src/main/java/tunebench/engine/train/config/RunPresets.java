package tunebench.engine.train.config;

import java.util.List;
import java.util.Optional;

/**
 * Ready settings for common runs, as LLaMA-Factory's examples offer them. A preset sets how a
 * run trains (method, optimizer, schedule, evaluation and checkpoint intervals) and keeps
 * what it trains on and what it is called: name, output folder, model, data, probe prompts
 * and seed. The GUI's preset box and, later, a CLI {@code --preset} both read this list.
 */
public final class RunPresets {

    /** A named set of training settings laid over a config. */
    public record Preset(String name, String description, Method method, OptimSpec optim,
            ScheduleSpec schedule, int evalEverySteps, CheckpointSpec checkpoint) {

        /** {@code config} with this preset's settings; its name, model and data unchanged. */
        public RunConfig applyTo(RunConfig config) {
            return config.withMethod(method).withOptim(optim).withSchedule(schedule)
                    .withEval(config.eval().withEverySteps(evalEverySteps))
                    .withCheckpoint(checkpoint);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Three cosine epochs after a 5% warmup, 16 examples a step: the sample recipes' shape. */
    private static final ScheduleSpec THREE_EPOCHS =
            new ScheduleSpec("cosine", 0.05, 0, 3, ScheduleSpec.BY_EPOCHS, 16, 1, 1);
    private static final List<String> ATTENTION = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    public static final Preset QUICK_TEST = new Preset("Quick LoRA test",
            "20 steps of LoRA r8 on every projection at a constant rate, evaluated at steps 10"
                    + " and 20: checks that model, data and settings work before a long run.",
            LoraMethod.defaults(),
            OptimSpec.defaults().withLr(1e-3),
            new ScheduleSpec("constant", 0, 0, 1, 20, 4, 1, 1),
            10, new CheckpointSpec(0, 1));

    public static final Preset LORA_ALL_LINEAR = new Preset("LoRA r16 all linear",
            "The sample recipe (sample-data/runs/sft-lora.json): LoRA r16, alpha 32, dropout"
                    + " 0.05 on every attention and MLP projection; 3 cosine epochs at 2e-3.",
            new LoraMethod(16, 32, 0.05, LoraMethod.DEFAULT_TARGET_MODULES, false, null),
            OptimSpec.defaults().withLr(2e-3),
            THREE_EPOCHS, 50, CheckpointSpec.defaults());

    public static final Preset LORA_ATTENTION = new Preset("LoRA attention only r8",
            "The original LoRA setup: r8, alpha 16 on the attention projections (q, k, v, o)"
                    + " only, at PEFT's usual 2e-4; fewer trainable parameters, gentler changes.",
            new LoraMethod(8, 16, 0.05, ATTENTION, false, null),
            OptimSpec.defaults(),
            THREE_EPOCHS, 50, CheckpointSpec.defaults());

    public static final Preset FULL = new Preset("Full fine-tune (small models)",
            "The sft-full sample recipe: every weight trains at 5e-4. Needs memory for the"
                    + " weights, their gradients and two AdamW moments (16 bytes a parameter).",
            new FullMethod(),
            OptimSpec.defaults().withLr(5e-4),
            THREE_EPOCHS, 50, CheckpointSpec.defaults());

    public static final List<Preset> ALL = List.of(QUICK_TEST, LORA_ALL_LINEAR, LORA_ATTENTION, FULL);

    private RunPresets() {}

    public static Optional<Preset> named(String name) {
        return ALL.stream().filter(p -> p.name().equalsIgnoreCase(name.strip())).findFirst();
    }
}
