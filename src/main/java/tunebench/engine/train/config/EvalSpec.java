package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a run measures validation loss, and the prompts it answers along the way so the user
 * sees the model change, not only a number.
 *
 * @param everySteps evaluate every this many optimizer steps (0 = only at the end)
 * @param probePrompts prompts generated greedily at each evaluation
 * @param probeMaxNewTokens length limit for each probe answer
 */
public record EvalSpec(int everySteps, List<String> probePrompts, int probeMaxNewTokens) {

    public EvalSpec {
        probePrompts = List.copyOf(Objects.requireNonNull(probePrompts, "probePrompts"));
    }

    public static EvalSpec defaults() {
        return new EvalSpec(50, List.of(), 64);
    }

    public EvalSpec withEverySteps(int n) {
        return new EvalSpec(n, probePrompts, probeMaxNewTokens);
    }

    public EvalSpec withProbePrompts(List<String> prompts) {
        return new EvalSpec(everySteps, prompts, probeMaxNewTokens);
    }

    public EvalSpec withProbeMaxNewTokens(int n) {
        return new EvalSpec(everySteps, probePrompts, n);
    }

    /** Problems keyed relative to this section. */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (everySteps < 0) {
            out.add(new ConfigProblem("every_steps", "must be >= 0 (0 = only at the end), got "
                    + everySteps));
        }
        if (probeMaxNewTokens < 1) {
            out.add(new ConfigProblem("probe_max_new_tokens", "must be at least 1, got "
                    + probeMaxNewTokens));
        }
        return out;
    }
}
