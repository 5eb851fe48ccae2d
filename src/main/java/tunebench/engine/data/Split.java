package tunebench.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A seeded train/validation split. The validation share is rounded up, as datasets'
 * {@code train_test_split(test_size=0.1)}, and both lists keep the items' original order.
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
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), not "
                    + fraction);
        }
        int size = items.size();
        // The epsilon keeps 30 * 0.1 = 3.0000000000000004 from rounding up to 4.
        int wanted = (int) Math.ceil(size * fraction - 1e-9);
        int held = Math.min(wanted, Math.max(size - 1, 0));
        int[] order = IntStream.range(0, size).toArray();
        Random random = new Random(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        boolean[] inValidation = new boolean[size];
        for (int i = 0; i < held; i++) {
            inValidation[order[i]] = true;
        }
        List<T> train = new ArrayList<>(size - held);
        List<T> validation = new ArrayList<>(held);
        for (int i = 0; i < size; i++) {
            (inValidation[i] ? validation : train).add(items.get(i));
        }
        return new Split<>(train, validation);
    }
}
