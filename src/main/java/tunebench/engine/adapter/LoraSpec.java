package tunebench.engine.adapter;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of a LoRA adapter as PEFT's {@code LoraConfig} describes it: rank, alpha, dropout,
 * which linear layers it wraps, and plain or rank-stabilised scaling.
 * LoRA: https://arxiv.org/abs/2106.09685; rsLoRA: https://arxiv.org/abs/2312.03732
 *
 * @param targetModules module names (a layer matches if its path equals or ends with
 *     "." + name), the single entry "all-linear" (every linear but the output head), or a
 *     single regular expression that must match the whole path (PEFT's string form)
 * @param rankPattern per-module rank overrides, keyed like PEFT's rank_pattern
 * @param alphaPattern per-module alpha overrides, keyed like PEFT's alpha_pattern
 */
public record LoraSpec(int r, double alpha, double dropout, List<String> targetModules,
        boolean useRslora, Map<String, Integer> rankPattern, Map<String, Double> alphaPattern) {

    /** Every attention and MLP projection of a Llama-family block. */
    public static final List<String> ALL_PROJECTIONS =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    public static final String ALL_LINEAR = "all-linear";

    public LoraSpec {
        if (r < 1) {
            throw new IllegalArgumentException("LoRA rank r must be at least 1, got " + r);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules == null || targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one layer");
        }
        targetModules = List.copyOf(targetModules);
        rankPattern = rankPattern == null ? Map.of() : Map.copyOf(rankPattern);
        alphaPattern = alphaPattern == null ? Map.of() : Map.copyOf(alphaPattern);
    }

    public static LoraSpec of(int r, double alpha, double dropout, List<String> targets,
            boolean useRslora) {
        return new LoraSpec(r, alpha, dropout, targets, useRslora, Map.of(), Map.of());
    }

    /** Whether the linear layer at this module path gets an adapter. */
    public boolean targets(String path) {
        if (targetModules.size() == 1 && ALL_LINEAR.equals(targetModules.get(0))) {
            return !"lm_head".equals(path);
        }
        if (targetModules.size() == 1 && isRegex(targetModules.get(0))) {
            return Pattern.compile(targetModules.get(0)).matcher(path).matches();
        }
        for (String t : targetModules) {
            if (matches(path, t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRegex(String s) {
        return s.chars().anyMatch(c -> "*+?[](){}|\\^$".indexOf(c) >= 0);
    }

    /** PEFT's key matching: the full path, or a suffix after a dot. */
    private static boolean matches(String path, String key) {
        return path.equals(key) || path.endsWith("." + key);
    }

    /** Rank at this path (rank_pattern wins). */
    public int rankFor(String path) {
        for (Map.Entry<String, Integer> e : rankPattern.entrySet()) {
            if (matches(path, e.getKey()) || path.matches(".*\\." + e.getKey() + "$")) {
                return e.getValue();
            }
        }
        return r;
    }

    /** Alpha at this path (alpha_pattern wins). */
    public double alphaFor(String path) {
        for (Map.Entry<String, Double> e : alphaPattern.entrySet()) {
            if (matches(path, e.getKey()) || path.matches(".*\\." + e.getKey() + "$")) {
                return e.getValue();
            }
        }
        return alpha;
    }

    /** alpha / r, or alpha / sqrt(r) with rsLoRA. */
    public double scalingFor(String path) {
        int rank = rankFor(path);
        double a = alphaFor(path);
        return useRslora ? a / Math.sqrt(rank) : a / rank;
    }
}
