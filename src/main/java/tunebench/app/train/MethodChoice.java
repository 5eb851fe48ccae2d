package tunebench.app.train;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.Method;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RewardMethod;

/**
 * One entry of the form's method selector. Adding a method is one entry in
 * {@link #ALL}: its config type, what the user reads, and, for a method with LoRA settings,
 * how to get them out of its record and how to build its record from them; the form, the
 * checklist and the parameter count then work for it unchanged.
 *
 * @param loraOf the LoRA settings inside a method of this type; null when it has none (the
 *     r / alpha / dropout / target-module fields are then hidden)
 * @param build the method from the LoRA settings as typed (null when {@code loraOf} is null)
 * @param quantized the base is stored in 4 bits: the form shows the double-quantization box
 */
record MethodChoice(String type, String label, String hint, Function<Method, LoraMethod> loraOf,
        Function<LoraMethod, Method> build, boolean quantized) {

    static final List<MethodChoice> ALL = List.of(
            new MethodChoice(LoraMethod.TYPE, "LoRA",
                    "Freezes the model and learns small low-rank updates beside the chosen"
                            + " layers; saved as a PEFT adapter.",
                    m -> (LoraMethod) m, lora -> lora, false),
            new MethodChoice(QloraMethod.TYPE, "QLoRA (4-bit base)",
                    "LoRA on a base stored as 4-bit NF4: about a quarter of the weights' memory;"
                            + " the adapter saves as an ordinary PEFT adapter.",
                    m -> ((QloraMethod) m).lora(),
                    lora -> QloraMethod.defaults().withLora(lora), true),
            new MethodChoice(FullMethod.TYPE, "Full fine-tuning",
                    "Every weight trains; saved as a whole model. Needs about 16 bytes of"
                            + " memory a parameter: for small models.",
                    null, lora -> new FullMethod(), false),
            new MethodChoice(DpoMethod.TYPE, "DPO (preference pairs)",
                    "Learns from pairs of answers, one preferred (Direct Preference Optimization):"
                            + " usually after SFT, continuing its adapter.",
                    m -> DpoFields.loraOf((DpoMethod) m), DpoFields::withLora, false),
            new MethodChoice(RewardMethod.TYPE, "Reward model (preference pairs)",
                    "Learns a score for answers from pairs, one preferred: a LoRA adapter and a"
                            + " value head, for scoring replies (and PPO next).",
                    m -> ((RewardMethod) m).lora(), RewardMethod::withLora, false));

    /** The entry for a config's method type, if the form has one. */
    static Optional<MethodChoice> find(String type) {
        return ALL.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** The entry for a type; LoRA while the type is unknown (mid-edit or blank). */
    static MethodChoice of(String type) {
        return find(type).orElse(ALL.get(0));
    }

    boolean showsLora() {
        return loraOf != null;
    }

    @Override
    public String toString() {
        return label;
    }
}
