package tunebench.engine.train.config;

import java.util.List;
import java.util.Objects;

/**
 * A reward model: the base with a LoRA adapter and a scalar value head ({@code score}, as
 * transformers' {@code LlamaForSequenceClassification} with {@code num_labels=1}), trained on
 * preference pairs with the pairwise loss {@code −log σ(r(chosen) − r(rejected))} as TRL's
 * {@code RewardTrainer} (Ouyang et al., https://arxiv.org/abs/2203.02155). The adapter keys
 * are LoRA's, flat as in {@link QloraMethod}; the head always trains.
 */
public record RewardMethod(
        int r,
        double alpha,
        double dropout,
        List<String> targetModules,
        boolean useRslora,
        String initAdapter) implements Method {

    public static final String TYPE = "reward";

    public RewardMethod {
        targetModules = List.copyOf(Objects.requireNonNull(targetModules, "targetModules"));
    }

    public static RewardMethod defaults() {
        return withLora(LoraMethod.defaults());
    }

    /** A reward method with the adapter settings of {@code l}. */
    public static RewardMethod withLora(LoraMethod l) {
        return new RewardMethod(l.r(), l.alpha(), l.dropout(), l.targetModules(), l.useRslora(),
                l.initAdapter());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The adapter part, which trains and saves as a LoRA run's does. */
    public LoraMethod lora() {
        return new LoraMethod(r, alpha, dropout, targetModules, useRslora, initAdapter);
    }

    public RewardMethod withR(int rank) {
        return withLora(lora().withR(rank));
    }

    @Override
    public List<ConfigProblem> validate() {
        return lora().validate(); // keyed r, alpha, ... as the flat keys are
    }
}
