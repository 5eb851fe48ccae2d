package tunebench.app.train;

import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.LoraMethod;

/**
 * Between the form's fields and a {@link DpoMethod}: its LoRA settings as typed (dropout
 * included, which the record zeroes for training while {@code disable_dropout} holds), and
 * the record rebuilt from the LoRA settings and the objective's fields.
 */
final class DpoFields {

    /** The objective's settings as the form holds them. */
    record Objective(String adapter, double beta, String lossType, double labelSmoothing,
            int maxPromptLength, boolean disableDropout, double rpoAlpha) {

        static Objective of(DpoMethod d) {
            return new Objective(d.adapter(), d.beta(), d.lossType(), d.labelSmoothing(),
                    d.maxPromptLength(), d.disableDropout(), d.rpoAlpha());
        }
    }

    private DpoFields() {}

    /** The adapter settings as stored in the config (the raw dropout, not the training one). */
    static LoraMethod loraOf(DpoMethod d) {
        return new LoraMethod(d.r(), d.alpha(), d.dropout(), d.targetModules(), d.useRslora(),
                d.initAdapter());
    }

    /** DPO with these LoRA settings and this objective. */
    static DpoMethod build(LoraMethod l, Objective o) {
        return new DpoMethod(o.adapter(), l.r(), l.alpha(), l.dropout(), l.targetModules(),
                l.useRslora(), l.initAdapter(), o.beta(), o.lossType(), o.labelSmoothing(),
                o.maxPromptLength(), o.disableDropout(), o.rpoAlpha());
    }

    /** The defaults' objective with these LoRA settings (the selector's entry). */
    static DpoMethod withLora(LoraMethod l) {
        return build(l, Objective.of(DpoMethod.defaults()));
    }
}
