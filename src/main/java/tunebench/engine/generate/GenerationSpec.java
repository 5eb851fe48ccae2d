package tunebench.engine.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * How to continue a prompt: decoding strategy and when to stop. Field meanings follow
 * transformers' {@code GenerationConfig}; defaults in {@link #defaults()}.
 *
 * @param maxNewTokens at most this many tokens after the prompt
 * @param greedy take the most likely token each step (temperature, top-k, top-p unused)
 * @param temperature logits are divided by it before sampling
 * @param topK keep the k most likely tokens (0 = off)
 * @param topP keep the smallest set whose probability reaches p (1 = off)
 * @param repetitionPenalty > 1 discourages tokens already present (1 = off), CTRL's rule
 * @param seed one seed gives one text; null picks a fresh one
 * @param stopStrings stop when the new text contains one (it is cut from the text)
 * @param eosTokenIds stop when one of these is produced; empty = never
 */
public record GenerationSpec(
        int maxNewTokens,
        boolean greedy,
        double temperature,
        int topK,
        double topP,
        double repetitionPenalty,
        Long seed,
        List<String> stopStrings,
        List<Long> eosTokenIds) {

    public GenerationSpec {
        List<String> problems = problems(maxNewTokens, temperature, topK, topP, repetitionPenalty);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        stopStrings = List.copyOf(stopStrings);
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    private static List<String> problems(int maxNew, double t, int k, double p, double rep) {
        List<String> out = new ArrayList<>();
        if (maxNew < 1) {
            out.add("max new tokens must be at least 1, got " + maxNew);
        }
        if (!(t > 0)) {
            out.add("temperature must be > 0, got " + t);
        }
        if (k < 0) {
            out.add("top-k must be >= 0, got " + k);
        }
        if (!(p > 0 && p <= 1)) {
            out.add("top-p must be in (0, 1], got " + p);
        }
        if (!(rep > 0)) {
            out.add("repetition penalty must be > 0, got " + rep);
        }
        return out;
    }

    /** transformers' sampling defaults: temperature 1, top-k 50, top-p 1, 128 new tokens. */
    public static GenerationSpec defaults() {
        return new GenerationSpec(128, false, 1.0, 50, 1.0, 1.0, null, List.of(), List.of());
    }

    public static GenerationSpec greedy(int maxNewTokens) {
        return defaults().withMaxNewTokens(maxNewTokens).withGreedy(true);
    }

    public GenerationSpec withMaxNewTokens(int n) {
        return new GenerationSpec(n, greedy, temperature, topK, topP, repetitionPenalty, seed,
                stopStrings, eosTokenIds);
    }

    public GenerationSpec withGreedy(boolean g) {
        return new GenerationSpec(maxNewTokens, g, temperature, topK, topP, repetitionPenalty,
                seed, stopStrings, eosTokenIds);
    }

    public GenerationSpec withSampling(double t, int k, double p) {
        return new GenerationSpec(maxNewTokens, false, t, k, p, repetitionPenalty, seed,
                stopStrings, eosTokenIds);
    }

    public GenerationSpec withRepetitionPenalty(double r) {
        return new GenerationSpec(maxNewTokens, greedy, temperature, topK, topP, r, seed,
                stopStrings, eosTokenIds);
    }

    public GenerationSpec withSeed(Long s) {
        return new GenerationSpec(maxNewTokens, greedy, temperature, topK, topP,
                repetitionPenalty, s, stopStrings, eosTokenIds);
    }

    public GenerationSpec withStopStrings(List<String> stops) {
        return new GenerationSpec(maxNewTokens, greedy, temperature, topK, topP,
                repetitionPenalty, seed, stops, eosTokenIds);
    }

    public GenerationSpec withEosTokenIds(List<Long> ids) {
        return new GenerationSpec(maxNewTokens, greedy, temperature, topK, topP,
                repetitionPenalty, seed, stopStrings, ids);
    }
}
