package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tunebench.engine.train.dpo.DpoLossType;

/**
 * DPO: learn from preference pairs (prompt, chosen, rejected) against a frozen reference
 * (Rafailov et al., https://arxiv.org/abs/2305.18290). The objective's keys are TRL
 * {@code DPOConfig}'s ({@code beta}, {@code loss_type}, {@code label_smoothing},
 * {@code max_prompt_length}; {@code max_length} is {@code data.max_length}). What trains is
 * {@code adapter}: a LoRA adapter (its keys as in {@link LoraMethod}, flat, as QLoRA's are) or
 * the full model. With LoRA the reference is the base with the adapter off; with
 * {@code init_adapter} (an SFT adapter) training continues that adapter and the reference is a
 * frozen copy of it (decision 0008); full fine-tuning holds a frozen second model.
 *
 * @param adapter {@value #LORA} or {@value #FULL}: what the optimizer updates
 * @param dropout LoRA dropout of a fresh adapter; unused while {@code disableDropout}
 * @param disableDropout TRL's {@code disable_dropout=True}: no dropout in policy passes, so
 *     the policy's log-probs and the reference's are measured alike
 * @param rpoAlpha TRL's {@code rpo_alpha} (RPO, https://arxiv.org/abs/2404.19733): adds α times
 *     the chosen replies' mean token NLL to the loss; 0 = off (TRL's None)
 */
public record DpoMethod(
        String adapter,
        int r,
        double alpha,
        double dropout,
        List<String> targetModules,
        boolean useRslora,
        String initAdapter,
        double beta,
        String lossType,
        double labelSmoothing,
        int maxPromptLength,
        boolean disableDropout,
        double rpoAlpha) implements Method {

    public static final String TYPE = "dpo";
    public static final String LORA = "lora";
    public static final String FULL = "full";
    /** Half of data.max_length's default 512, TRL's ratio (512 of 1024). */
    public static final int DEFAULT_MAX_PROMPT_LENGTH = 256;

    public DpoMethod {
        Objects.requireNonNull(adapter, "adapter");
        targetModules = List.copyOf(Objects.requireNonNull(targetModules, "targetModules"));
        Objects.requireNonNull(lossType, "lossType");
    }

    /** TRL's defaults: sigmoid loss, beta 0.1, no smoothing, dropout off, no RPO; a fresh LoRA adapter. */
    public static DpoMethod defaults() {
        LoraMethod l = LoraMethod.defaults();
        return new DpoMethod(LORA, l.r(), l.alpha(), l.dropout(), l.targetModules(), l.useRslora(),
                null, 0.1, DpoLossType.SIGMOID.trlName(), 0.0, DEFAULT_MAX_PROMPT_LENGTH, true, 0.0);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public boolean trainsLora() {
        return LORA.equals(adapter);
    }

    /** The adapter part; its dropout is 0 while {@code disable_dropout} holds. */
    public LoraMethod lora() {
        return new LoraMethod(r, alpha, disableDropout ? 0.0 : dropout, targetModules, useRslora,
                initAdapter);
    }

    public DpoLossType lossTypeValue() {
        return DpoLossType.of(lossType);
    }

    public DpoMethod withInitAdapter(String dir) {
        return new DpoMethod(adapter, r, alpha, dropout, targetModules, useRslora, dir, beta,
                lossType, labelSmoothing, maxPromptLength, disableDropout, rpoAlpha);
    }

    public DpoMethod withLoss(String type, double b, double smoothing) {
        return new DpoMethod(adapter, r, alpha, dropout, targetModules, useRslora, initAdapter, b,
                type, smoothing, maxPromptLength, disableDropout, rpoAlpha);
    }

    public DpoMethod withRpoAlpha(double a) {
        return new DpoMethod(adapter, r, alpha, dropout, targetModules, useRslora, initAdapter, beta,
                lossType, labelSmoothing, maxPromptLength, disableDropout, a);
    }

    @Override
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (trainsLora()) {
            // the LoRA keys mean the same here; report them under their own names
            out.addAll(new LoraMethod(r, alpha, dropout, targetModules, useRslora, initAdapter)
                    .validate());
        } else if (!FULL.equals(adapter)) {
            out.add(new ConfigProblem("adapter", "must be \"" + LORA + "\" or \"" + FULL
                    + "\", got \"" + adapter + "\""));
        } else if (initAdapter != null) {
            out.add(new ConfigProblem("init_adapter", "continues a LoRA adapter, so it needs"
                    + " adapter \"lora\"; merge the adapter first to DPO the full model"));
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            out.add(new ConfigProblem("beta", "must be a positive number, got " + beta));
        }
        DpoLossType type = null;
        try {
            type = DpoLossType.of(lossType);
        } catch (IllegalArgumentException e) {
            out.add(new ConfigProblem("loss_type", "must be sigmoid, ipo, hinge or kto_pair, got \""
                    + lossType + "\""));
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
            out.add(new ConfigProblem("label_smoothing", "must be in [0, 0.5), got " + labelSmoothing));
        } else if (labelSmoothing > 0 && type != null && type != DpoLossType.SIGMOID) {
            out.add(new ConfigProblem("label_smoothing", "applies to the sigmoid loss only"));
        }
        if (!(rpoAlpha >= 0) || Double.isInfinite(rpoAlpha)) {
            out.add(new ConfigProblem("rpo_alpha", "must be a number >= 0 (0 = off), got " + rpoAlpha));
        }
        if (maxPromptLength < 1) {
            out.add(new ConfigProblem("max_prompt_length", "must be at least 1, got " + maxPromptLength));
        }
        return out;
    }
}
