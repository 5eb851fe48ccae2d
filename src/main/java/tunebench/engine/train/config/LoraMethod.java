package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * LoRA: freeze the model, learn a low-rank update {@code B·A} beside chosen linear layers
 * (Hu et al., https://arxiv.org/abs/2106.09685). Names follow PEFT's {@code LoraConfig};
 * rsLoRA scales by alpha/√r instead of alpha/r (Kalajdzievski, https://arxiv.org/abs/2312.03732).
 *
 * @param r rank of the update
 * @param alpha scale numerator: the update is multiplied by {@link #scaling()}
 * @param dropout applied to the layer input on the LoRA path only
 * @param targetModules layer names to adapt (q_proj, ...), or just {@value #ALL_LINEAR}
 * @param useRslora scale by alpha/√r, which keeps high ranks learning
 * @param initAdapter a PEFT adapter folder to start from; null = fresh (B = 0)
 */
public record LoraMethod(
        int r,
        double alpha,
        double dropout,
        List<String> targetModules,
        boolean useRslora,
        String initAdapter) implements Method {

    public static final String TYPE = "lora";
    /** PEFT's shorthand: every linear layer except the output head. */
    public static final String ALL_LINEAR = "all-linear";
    /** Every attention and MLP projection of a Llama block: QLoRA found all layers matter. */
    public static final List<String> DEFAULT_TARGET_MODULES = List.of(
            "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_.]+");

    public LoraMethod {
        targetModules = List.copyOf(Objects.requireNonNull(targetModules, "targetModules"));
    }

    public static LoraMethod defaults() {
        return new LoraMethod(8, 16, 0.0, DEFAULT_TARGET_MODULES, false, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The factor the update {@code B·A·x} is multiplied by. */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    public boolean targetsAllLinear() {
        return targetModules.equals(List.of(ALL_LINEAR));
    }

    public LoraMethod withR(int rank) {
        return new LoraMethod(rank, alpha, dropout, targetModules, useRslora, initAdapter);
    }

    public LoraMethod withAlpha(double a) {
        return new LoraMethod(r, a, dropout, targetModules, useRslora, initAdapter);
    }

    public LoraMethod withDropout(double d) {
        return new LoraMethod(r, alpha, d, targetModules, useRslora, initAdapter);
    }

    public LoraMethod withTargetModules(List<String> modules) {
        return new LoraMethod(r, alpha, dropout, modules, useRslora, initAdapter);
    }

    public LoraMethod withUseRslora(boolean rs) {
        return new LoraMethod(r, alpha, dropout, targetModules, rs, initAdapter);
    }

    public LoraMethod withInitAdapter(String dir) {
        return new LoraMethod(r, alpha, dropout, targetModules, useRslora, dir);
    }

    @Override
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (r < 1) {
            out.add(new ConfigProblem("r", "must be at least 1, got " + r));
        }
        if (!(alpha > 0)) {
            out.add(new ConfigProblem("alpha", "must be > 0, got " + alpha));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            out.add(new ConfigProblem("dropout", "must be in [0, 1), got " + dropout));
        }
        out.addAll(targetProblems());
        if (initAdapter != null && initAdapter.isBlank()) {
            out.add(new ConfigProblem("init_adapter", "empty; leave it out to start fresh"));
        }
        return out;
    }

    private List<ConfigProblem> targetProblems() {
        String key = "target_modules";
        if (targetModules.isEmpty()) {
            return List.of(new ConfigProblem(key, "empty: name the layers to adapt, or \""
                    + ALL_LINEAR + "\""));
        }
        if (targetModules.size() > 1 && targetModules.contains(ALL_LINEAR)) {
            return List.of(new ConfigProblem(key, "\"" + ALL_LINEAR
                    + "\" already means every linear layer; give it alone"));
        }
        for (String name : targetModules) {
            if (!name.equals(ALL_LINEAR) && !MODULE_NAME.matcher(name).matches()) {
                // Most often "q_proj,v_proj" typed as one string on the command line.
                return List.of(new ConfigProblem(key, "'" + name + "' is not a layer name;"
                        + " give a list such as [\"q_proj\", \"v_proj\"]"));
            }
        }
        return List.of();
    }
}
