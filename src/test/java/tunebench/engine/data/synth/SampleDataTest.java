package tunebench.engine.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameSeedGivesIdenticalInstructions() {
        assertEquals(SampleData.instructions(3, 200, 20), SampleData.instructions(3, 200, 20));
        assertNotEquals(SampleData.instructions(3, 200, 20), SampleData.instructions(4, 200, 20));
    }

    @Test
    void evalPromptsNeverAppearInTrain() {
        HeldOut<AlpacaRecord> set = SampleData.instructions(5, 600, 60);
        assertEquals(600, set.train().size());
        assertEquals(60, set.eval().size());
        Set<String> trainPrompts =
                set.train().stream().map(AlpacaRecord::prompt).collect(Collectors.toSet());
        for (AlpacaRecord r : set.eval()) {
            assertFalse(trainPrompts.contains(r.prompt()), r.prompt());
            assertFalse(r.output().isBlank(), "eval without a reference: " + r);
        }
    }

    @Test
    void noRecordAppearsTwice() {
        HeldOut<AlpacaRecord> set = SampleData.instructions(5, 600, 60);
        Set<String> prompts = new HashSet<>();
        set.train().forEach(r -> assertTrue(prompts.add(r.prompt()), r.prompt()));
        set.eval().forEach(r -> assertTrue(prompts.add(r.prompt()), r.prompt()));
    }

    @Test
    void outputsAreExactAnswers() {
        List<AlpacaRecord> train = SampleData.instructions(9, 400, 0).train();
        assertTrue(train.stream().anyMatch(r -> r.instruction().startsWith("What is the capital of ")
                && r.output().startsWith("The capital of ")));
        for (AlpacaRecord r : train) {
            if (r.input().startsWith("The capital of ")) { // a fact turned into its question
                String country = r.input().substring(15, r.input().indexOf(" is "));
                assertEquals("What is the capital of " + country + "?", r.output());
            }
        }
        assertTrue(train.stream().anyMatch(r -> r.input().startsWith("The capital of ")));
    }

    @Test
    void messagesCarryTheSameExamples() {
        List<AlpacaRecord> train = SampleData.instructions(2, 100, 10).train();
        var messages = SampleData.toMessages(train);
        assertEquals(train.size(), messages.size());
        JsonNode first = JSON.valueToTree(messages.get(0)).get("messages");
        assertEquals("user", first.get(0).get("role").asText());
        assertEquals(train.get(0).prompt(), first.get(0).get("content").asText());
        assertEquals(train.get(0).output(), first.get(1).get("content").asText());
    }

    @Test
    void preferencesDifferInStyleAndSplitByPrompt() {
        HeldOut<PreferencePair> set = SampleData.preferences(4, 200, 20);
        assertEquals(200, set.train().size());
        assertEquals(20, set.eval().size());
        Set<String> trainPrompts =
                set.train().stream().map(PreferencePair::prompt).collect(Collectors.toSet());
        for (PreferencePair p : set.eval()) {
            assertFalse(trainPrompts.contains(p.prompt()));
        }
        for (PreferencePair p : set.train()) {
            assertNotEquals(p.chosen(), p.rejected());
            assertTrue(p.chosen().length() < 120, p.chosen());
        }
    }

    @Test
    void writeAllWritesEveryFileDeterministically(@TempDir Path dir) throws Exception {
        SampleData.writeAll(dir.resolve("a"), 11);
        SampleData.writeAll(dir.resolve("b"), 11);
        for (String name : List.of("instructions.json", "instructions-eval.json",
                "instructions.jsonl", "preferences.jsonl", "preferences-eval.jsonl",
                "flawed.jsonl", "README.md")) {
            assertTrue(Files.size(dir.resolve("a").resolve(name)) > 0, name);
            assertEquals(Files.readString(dir.resolve("a").resolve(name)),
                    Files.readString(dir.resolve("b").resolve(name)), name);
        }
        JsonNode train = JSON.readTree(dir.resolve("a/instructions.json").toFile());
        List<String> chat = Files.readAllLines(dir.resolve("a/instructions.jsonl"));
        assertEquals(SampleData.TRAIN_INSTRUCTIONS, train.size());
        assertEquals(train.size(), chat.size());
        assertEquals(SampleData.EVAL_INSTRUCTIONS,
                JSON.readTree(dir.resolve("a/instructions-eval.json").toFile()).size());
        assertTrue(Files.readString(dir.resolve("a/README.md")).contains("| 16 | `near-duplicate`"));
    }
}
