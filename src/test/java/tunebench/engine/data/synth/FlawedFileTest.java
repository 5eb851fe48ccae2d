package tunebench.engine.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FlawedFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FlawedFile FILE = SampleData.flawed();

    @Test
    void plantsEveryKindOfProblem() {
        Set<String> kinds = FILE.flaws().stream().map(FlawedFile.Flaw::kind).collect(Collectors.toSet());
        assertEquals(Set.of("malformed-json", "missing-field", "empty-field", "duplicate",
                "near-duplicate", "too-long", "mixed-format", "wrong-type"), kinds);
    }

    @Test
    void eachListedLineHasItsProblem() throws Exception {
        for (FlawedFile.Flaw flaw : FILE.flaws()) {
            String line = FILE.lines().get(flaw.line() - 1);
            List<String> before = FILE.lines().subList(0, flaw.line() - 1);
            switch (flaw.kind()) {
                case "malformed-json" -> assertThrows(JsonProcessingException.class, () -> JSON.readTree(line));
                case "missing-field" -> {
                    JsonNode node = JSON.readTree(line);
                    assertTrue(node.has("instruction") && !node.has("output"));
                }
                case "empty-field" -> assertEquals("", JSON.readTree(line).get("output").asText());
                case "duplicate" -> assertTrue(before.contains(line));
                case "near-duplicate" -> {
                    assertFalse(before.contains(line));
                    JsonNode node = JSON.readTree(line);
                    assertTrue(before.stream().filter(this::parses).map(this::tree).anyMatch(b ->
                            normalized(b.get("instruction").asText())
                                    .equals(normalized(node.get("instruction").asText()))
                                    && !b.get("output").asText().equals(node.get("output").asText())));
                }
                case "wrong-type" -> assertTrue(JSON.readTree(line).get("output").isNumber());
                case "too-long" -> assertTrue(JSON.readTree(line).get("output").asText()
                        .split(" ").length >= 3000);
                case "mixed-format" -> {
                    JsonNode node = JSON.readTree(line);
                    assertFalse(node.has("instruction"));
                    assertTrue(node.has("messages") || node.has("conversations"));
                }
                default -> throw new AssertionError("unknown kind " + flaw.kind());
            }
        }
    }

    @Test
    void everyOtherLineIsAValidDistinctAlpacaRecord() throws Exception {
        Set<Integer> flawed = FILE.flaws().stream().map(FlawedFile.Flaw::line).collect(Collectors.toSet());
        for (int i = 1; i <= FILE.lines().size(); i++) {
            if (flawed.contains(i)) {
                continue;
            }
            JsonNode node = JSON.readTree(FILE.lines().get(i - 1));
            assertEquals(Set.of("instruction", "input", "output"), fieldNames(node), "line " + i);
            assertNotEquals("", node.get("output").asText(), "line " + i);
        }
        assertEquals(FILE.lines().size() - 1, Set.copyOf(FILE.lines()).size(), "one exact duplicate only");
    }

    private boolean parses(String line) {
        try {
            return JSON.readTree(line).has("instruction") && JSON.readTree(line).has("output");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String normalized(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" ?", "?").strip();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
