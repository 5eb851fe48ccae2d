package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.app.compare.PreferenceFile.Pair;

/** DPO pairs in sample-data/preferences.jsonl's format, added without losing a line. */
class PreferenceFileTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheSampleDataFormat() throws IOException {
        assertEquals("{\"prompt\":\"Where does a duck live?\",\"chosen\":\"In the pond.\\n\","
                + "\"rejected\":\"Ugh, \\\"obviously\\\"\"}",
                PreferenceFile.line(new Pair("Where does a duck live?", "In the pond.\n", "Ugh, \"obviously\"")));
        String sample = Files.readAllLines(Path.of("sample-data/preferences.jsonl")).get(0);
        assertEquals(List.of("prompt", "chosen", "rejected"), keys(sample), "the same keys in the same order");
    }

    @Test
    void appendsAfterExistingLinesAndMendsAMissingNewline() throws IOException {
        Path file = tmp.resolve("sub/prefs.jsonl");
        PreferenceFile.append(file, List.of(new Pair("p1", "c1", "r1")));
        Files.writeString(file, Files.readString(file) + "{\"prompt\":\"by hand\",\"chosen\":\"x\",\"rejected\":\"y\"}");

        PreferenceFile.append(file, List.of(new Pair("p2", "c2", "r2"), new Pair("p2", "c2", "r3")));

        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertEquals(PreferenceFile.line(new Pair("p1", "c1", "r1")), lines.get(0));
        assertEquals("{\"prompt\":\"by hand\",\"chosen\":\"x\",\"rejected\":\"y\"}", lines.get(1));
        assertEquals(PreferenceFile.line(new Pair("p2", "c2", "r3")), lines.get(3));
        assertEquals(List.of("prefs.jsonl"), Files.list(file.getParent()).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left beside it");
    }

    private static List<String> keys(String json) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).fieldNames().forEachRemaining(out::add);
        return out;
    }
}
