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
}
