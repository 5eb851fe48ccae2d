package tunebench.engine.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Best-fit-decreasing bin packing of example lengths into rows of a fixed capacity, as TRL's
 * {@code packing_strategy="bfd"}: longest first, each into the fullest row it still fits,
 * never split. Deterministic: equal lengths keep their input order.
 */
final class Packing {

    private Packing() {}

    /** Rows of example indices; each row's lengths sum to at most {@code capacity}. */
    static List<int[]> bestFitDecreasing(int[] lengths, int capacity) {
        List<Integer> order = IntStream.range(0, lengths.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -lengths[i])
                        .thenComparingInt(i -> i))
                .toList();
        List<List<Integer>> rows = new ArrayList<>();
        // Open rows by space left; a TreeMap finds the tightest fit in log time.
        TreeMap<Integer, Deque<Integer>> bySpace = new TreeMap<>();
        for (int example : order) {
            int length = lengths[example];
            if (length > capacity) {
                throw new IllegalArgumentException("an example of " + length
                        + " tokens does not fit a packed row of " + capacity);
            }
            Integer space = bySpace.ceilingKey(length);
            int row;
            if (space == null) {
                row = rows.size();
                rows.add(new ArrayList<>());
                space = capacity;
            } else {
                Deque<Integer> candidates = bySpace.get(space);
                row = candidates.pollFirst();
                if (candidates.isEmpty()) {
                    bySpace.remove(space);
                }
            }
            rows.get(row).add(example);
            int left = space - length;
            if (left > 0) {
                bySpace.computeIfAbsent(left, k -> new ArrayDeque<>()).addLast(row);
            }
        }
        return rows.stream().map(r -> r.stream().mapToInt(Integer::intValue).toArray()).toList();
    }
}
