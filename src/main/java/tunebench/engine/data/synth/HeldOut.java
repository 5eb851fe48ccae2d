package tunebench.engine.data.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A train set and an eval set whose prompts never meet: the split is by prompt text (for
 * Alpaca, the instruction), decided the first time a text is drawn, so an eval score measures
 * generalisation and not recall. Every family gets a share of the eval set.
 */
public record HeldOut<T>(List<T> train, List<T> eval) {

    public HeldOut {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
    }

    /**
     * Draws from random families until both sets are full. {@code key} is the split key,
     * {@code identity} what makes two records the same (no record appears twice anywhere).
     */
    static <T> HeldOut<T> draw(SplittableRandom random, List<Function<SplittableRandom, T>> families,
                               Function<T, String> key, Function<T, String> identity,
                               int trainSize, int evalSize) {
        if (trainSize < 0 || evalSize < 0) {
            throw new IllegalArgumentException("sizes must be >= 0: " + trainSize + ", " + evalSize);
        }
        List<T> train = new ArrayList<>();
        List<T> eval = new ArrayList<>();
        Map<String, Boolean> keyInEval = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int[] evalPerFamily = new int[families.size()];
        // Balanced eval: no family may take more than its share, until draws show it must.
        int cap = Math.max(1, (evalSize + families.size() - 1) / families.size());
        long budget = 1000L * (trainSize + evalSize + 1);
        for (long attempt = 1; train.size() < trainSize || eval.size() < evalSize; attempt++) {
            if (attempt > budget) {
                throw new IllegalStateException("the tasks cannot supply " + trainSize + " + "
                        + evalSize + " distinct records; got " + train.size() + " + " + eval.size());
            }
            if (attempt % (20L * (trainSize + evalSize + 1)) == 0) {
                cap++;
            }
            int family = random.nextInt(families.size());
            T item = families.get(family).apply(random);
            if (seen.contains(identity.apply(item))) {
                continue;
            }
            // Once train is full, every new text goes to eval: small families may be used up.
            boolean trainFull = train.size() >= trainSize;
            boolean evalHasRoom = eval.size() < evalSize && (evalPerFamily[family] < cap || trainFull);
            Boolean inEval = keyInEval.computeIfAbsent(key.apply(item), k -> evalHasRoom
                    && (trainFull || evalPerFamily[family] == 0 || random.nextInt(10) == 0));
            if (inEval && evalHasRoom) {
                eval.add(item);
                evalPerFamily[family]++;
            } else if (!inEval && train.size() < trainSize) {
                train.add(item);
            } else {
                continue;
            }
            seen.add(identity.apply(item));
        }
        return new HeldOut<>(train, eval);
    }
}
