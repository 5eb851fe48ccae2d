package tunebench.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded shuffle: the same seed gives the same order on every machine ({@link Random} is
 * specified bit for bit), as datasets' {@code shuffle(seed=...)} does for a user re-running it.
 */
public final class Shuffle {

    private Shuffle() {}

    /** A new list in Fisher-Yates order; the input is left as it is. */
    public static <T> List<T> of(List<T> items, long seed) {
        List<T> out = new ArrayList<>(items);
        Random random = new Random(seed);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = out.get(i);
            out.set(i, out.get(j));
            out.set(j, swap);
        }
        return List.copyOf(out);
    }
}
