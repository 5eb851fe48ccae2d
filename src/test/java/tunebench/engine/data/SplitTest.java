package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {

    private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

    @Test
    void holdsOutTenPercentByDefaultAndCoversEveryItemOnce() {
        Split<Integer> split = Split.of(HUNDRED, 5);
        assertEquals(10, split.validation().size());
        assertEquals(90, split.train().size());
        List<Integer> all = new ArrayList<>(split.train());
        all.addAll(split.validation());
        assertEquals(new HashSet<>(HUNDRED), new HashSet<>(all));
        // Both sides keep the original order.
        assertEquals(split.train().stream().sorted().toList(), split.train());
    }

    @Test
    void theSeedDecidesTheSplit() {
        assertEquals(Split.of(HUNDRED, 0.2, 9), Split.of(HUNDRED, 0.2, 9));
        assertNotEquals(Split.of(HUNDRED, 0.2, 9).validation(),
                Split.of(HUNDRED, 0.2, 10).validation());
    }

    @Test
    void roundsUpWithoutFloatingPointSurprisesAndKeepsOneForTraining() {
        List<Integer> thirty = IntStream.range(0, 30).boxed().toList();
        assertEquals(3, Split.of(thirty, 0.1, 1).validation().size());
        assertEquals(1, Split.of(List.of(1, 2, 3), 0.1, 1).validation().size());
        assertEquals(0, Split.of(List.of(1), 0.5, 1).validation().size());
        assertEquals(0, Split.of(List.of(), 0.1, 1).validation().size());
        assertThrows(IllegalArgumentException.class, () -> Split.of(HUNDRED, 1.0, 1));
    }

    @Test
    void stratifiedKeepsEachCategorysShareOnBothSidesAndIsDeterministic() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add((i % 10 < 6 ? "a" : i % 10 < 9 ? "b" : "c") + i); // 60% a, 30% b, 10% c
        }
        java.util.function.Function<String, String> category = s -> s.substring(0, 1);
        Split<String> split = Split.stratified(items, category, 0.1, 4);

        assertEquals(20, split.validation().size());
        assertEquals(12, split.validation().stream().filter(s -> s.startsWith("a")).count());
        assertEquals(6, split.validation().stream().filter(s -> s.startsWith("b")).count());
        assertEquals(2, split.validation().stream().filter(s -> s.startsWith("c")).count());
        assertEquals(split, Split.stratified(items, category, 0.1, 4));
        assertNotEquals(split, Split.stratified(items, category, 0.1, 5));
        assertEquals(split.train().stream().sorted(java.util.Comparator.comparingInt(
                s -> Integer.parseInt(s.substring(1)))).toList(), split.train(), "original order");
    }

    @Test
    void stratifiedRoundsByLargestRemainderAndKeepsEveryCategoryInTraining() {
        List<String> items = List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7", "b1", "b2", "c1");
        Split<String> split = Split.stratified(items, s -> s.substring(0, 1), 0.3, 1);
        // ceil(10 * 0.3) = 3: a gets 2 (2.1), b gets 1 (0.6 beats c's 0.3), c keeps its only item.
        assertEquals(3, split.validation().size());
        assertEquals(1, split.validation().stream().filter(s -> s.startsWith("b")).count());
        assertEquals(true, split.train().contains("c1"));
    }

    @Test
    void stratifiedWithoutCategoriesIsThePlainSplit() {
        assertEquals(Split.of(HUNDRED, 0.2, 3), Split.stratified(HUNDRED, i -> null, 0.2, 3));
    }
}
