package tunebench.engine.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A seeded train/validation split. The validation share is rounded up, as datasets'
 * {@code train_test_split(test_size=0.1)}, and both lists keep the items' original order.
 * Stratified, each category is held out in proportion (scikit-learn's {@code stratify=}).
 */
public record Split<T>(List<T> train, List<T> validation) {

    public static final double DEFAULT_FRACTION = 0.1;

    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** 10% for validation. */
    public static <T> Split<T> of(List<T> items, long seed) {
        return of(items, DEFAULT_FRACTION, seed);
    }

    /**
     * Holds out {@code ceil(size * fraction)} items chosen by the seed, leaving at least one
     * for training when there are any.
     */
    public static <T> Split<T> of(List<T> items, double fraction, long seed) {
        checkFraction(fraction);
        int size = items.size();
        int[] order = IntStream.range(0, size).toArray();
        shuffle(order, new Random(seed));
        boolean[] inValidation = new boolean[size];
        for (int i = 0; i < heldOut(size, fraction); i++) {
            inValidation[order[i]] = true;
        }
        return collect(items, inValidation);
    }

    /**
     * Holds out the same total as {@link #of(List, double, long)}, shared among the categories
     * in proportion to their sizes (largest remainders get the rounding), so a category of 5%
     * stays 5% of both sides; each category keeps at least one item for training. Items whose
     * category is null form a category of their own; with no category at all, this is the
     * plain split.
     */
    public static <T> Split<T> stratified(List<T> items, Function<T, String> category,
            double fraction, long seed) {
        checkFraction(fraction);
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(category.apply(items.get(i)), c -> new ArrayList<>()).add(i);
        }
        if (groups.size() <= 1) {
            return of(items, fraction, seed);
        }
        List<List<Integer>> lists = new ArrayList<>(groups.values());
        int[] quota = quotas(lists, heldOut(items.size(), fraction), fraction);
        Random random = new Random(seed);
        boolean[] inValidation = new boolean[items.size()];
        for (int g = 0; g < lists.size(); g++) {
            int[] members = lists.get(g).stream().mapToInt(Integer::intValue).toArray();
            shuffle(members, random);
            for (int i = 0; i < quota[g]; i++) {
                inValidation[members[i]] = true;
            }
        }
        return collect(items, inValidation);
    }

    /** Largest-remainder apportionment of {@code held} items, at most size - 1 per group. */
    private static int[] quotas(List<List<Integer>> groups, int held, double fraction) {
        int[] quota = new int[groups.size()];
        double[] remainder = new double[groups.size()];
        int given = 0;
        for (int g = 0; g < groups.size(); g++) {
            double exact = groups.get(g).size() * fraction;
            quota[g] = Math.min((int) Math.floor(exact + 1e-9), groups.get(g).size() - 1);
            remainder[g] = exact - quota[g];
            given += quota[g];
        }
        while (given < held) {
            int best = -1;
            for (int g = 0; g < groups.size(); g++) {
                boolean room = quota[g] < groups.get(g).size() - 1;
                if (room && (best < 0 || remainder[g] > remainder[best] + 1e-12)) {
                    best = g;
                }
            }
            if (best < 0) {
                break;
            }
            quota[best]++;
            remainder[best] -= 1;
            given++;
        }
        return quota;
    }

    private static void checkFraction(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), not "
                    + fraction);
        }
    }

    /** ceil(size * fraction), leaving at least one item for training. */
    private static int heldOut(int size, double fraction) {
        // The epsilon keeps 30 * 0.1 = 3.0000000000000004 from rounding up to 4.
        int wanted = (int) Math.ceil(size * fraction - 1e-9);
        return Math.min(wanted, Math.max(size - 1, 0));
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static <T> Split<T> collect(List<T> items, boolean[] inValidation) {
        int size = items.size();
        List<T> train = new ArrayList<>(size);
        List<T> validation = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            (inValidation[i] ? validation : train).add(items.get(i));
        }
        return new Split<>(train, validation);
    }
}
