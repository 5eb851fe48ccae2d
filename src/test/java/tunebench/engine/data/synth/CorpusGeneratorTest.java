package tunebench.engine.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {

    private static final List<String> DOCS = CorpusGenerator.generate(1, 2000);
    private static final String ALL = String.join("\n", DOCS);

    @Test
    void sameSeedGivesIdenticalDocuments() {
        assertEquals(CorpusGenerator.generate(7, 300), CorpusGenerator.generate(7, 300));
    }

    @Test
    void differentSeedGivesDifferentDocuments() {
        assertNotEquals(CorpusGenerator.generate(7, 300), CorpusGenerator.generate(8, 300));
    }

    @Test
    void averageDocumentIsAShortParagraph() {
        double average = ALL.length() / (double) DOCS.size();
        // 20,000 documents must land between 1.5M and 3M characters.
        assertTrue(average > 75 && average < 150, "average " + average);
    }

    @Test
    void drawsOnAtLeastSixtyTemplates() {
        assertTrue(CorpusGenerator.templateCount() >= 60, "templates " + CorpusGenerator.templateCount());
    }

    @Test
    void sentencesStartInManyDifferentWays() {
        Set<String> firstWords = new HashSet<>();
        for (String sentence : ALL.split("(?<=[.?!])\\s+|\\n")) {
            firstWords.add(sentence.split(" ")[0]);
        }
        assertTrue(firstWords.size() > 150, "distinct first words " + firstWords.size());
        assertTrue(new HashSet<>(DOCS).size() > DOCS.size() * 0.95, "documents mostly distinct");
    }

    @Test
    void coversEveryKindOfFact() {
        for (String expected : List.of("Paris", "Tokyo", "capital of", "speak", "moo", "legs",
                "The sky is blue.", " plus ", " times ", " = ", "The day after", "month", "Q: ",
                "Answer: ", "Once upon a time", "went for a walk")) {
            assertTrue(ALL.contains(expected), "corpus lacks " + expected);
        }
    }

    @Test
    void factsInTheCorpusAreTrue() {
        assertTrue(ALL.contains("The capital of France is Paris.") || ALL.contains("Paris is the capital of France."));
        assertTrue(!ALL.contains("capital of France is Berlin"));
        assertTrue(!ALL.contains("a apple") && !ALL.contains("an cow") && !ALL.contains("one apples"));
    }

    @Test
    void writesOneJsonTextPerLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("corpus.jsonl");
        List<String> docs = DOCS.subList(0, 50);
        CorpusGenerator.writeJsonl(file, docs);
        List<String> lines = Files.readAllLines(file);
        assertEquals(50, lines.size());
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(docs.get(i), mapper.readTree(lines.get(i)).get("text").asText());
        }
    }
}
