package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void countsTurnsRolesCategoriesAndWordLengths() throws IOException {
        ExampleSet set = ExampleSet.read(DatasetDocument.read(Path.of("sample-data", "flawed-chat.jsonl")));
        DatasetStats stats = DatasetStats.of(set, Optional.empty());

        assertEquals(34, stats.records());
        assertEquals(set.examples().size(), stats.examples());
        assertEquals("words", stats.unit());
        int turns = set.examples().stream().mapToInt(e -> e.messages().size()).sum();
        assertEquals(turns, stats.turns());
        assertEquals(1, stats.roles().get("system"));
        assertEquals(List.of("geography", "animals", "arithmetic", "colors"),
                List.copyOf(stats.categories().keySet()));
        assertEquals(1, stats.categories().get("colors"));
        Histogram system = stats.lengths().get("system");
        assertEquals(1, system.count());
        assertEquals(6, system.max()); // "You are a concise geography tutor."
        Histogram example = stats.lengths().get("example");
        assertEquals(stats.examples(), example.bins().stream().mapToInt(Histogram.Bin::count).sum());
        assertTrue(stats.toJson().get("lengths").has("assistant"));
    }

    @Test
    void histogramUsesRoundBinsUpToThe95thPercentileAndAnOpenTail() {
        int[] values = new int[100];
        for (int i = 0; i < 99; i++) {
            values[i] = 10 + i;
        }
        values[99] = 5000;
        Histogram h = Histogram.of(values, "tokens");

        assertEquals(10, h.min());
        assertEquals(5000, h.max());
        assertEquals(59, h.median());
        assertEquals(104, h.p95());
        assertEquals(10, h.bins().get(0).to(), "width 10 keeps 0..104 within 20 bins");
        Histogram.Bin tail = h.bins().get(h.bins().size() - 1);
        assertEquals(Integer.MAX_VALUE, tail.to());
        assertEquals(100, h.bins().stream().mapToInt(Histogram.Bin::count).sum());
        assertEquals(1, Histogram.niceWidth(19));
        assertEquals(2, Histogram.niceWidth(20));
        assertEquals(500, Histogram.niceWidth(5000));
    }
}
