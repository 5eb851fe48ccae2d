package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tunebench.engine.data.synth.FlawedFile;
import tunebench.engine.data.synth.SampleData;

/** The flawed samples' documented problems are exactly what validation reports. */
class FlawedSampleTest {

    private static final Path TINY = Path.of("assets", "models", "tunebench-tiny");

    /** line, kind, related line: the problem as a compact string. */
    private static List<String> found(ValidationReport report) {
        return report.problems().stream()
                .map(p -> p.line() + " " + p.kind() + (p.hasRelatedLine() ? " " + p.relatedLine() : ""))
                .toList();
    }

    private static List<String> documented(FlawedFile file) {
        return file.flaws().stream().sorted(java.util.Comparator.comparingInt(FlawedFile.Flaw::line))
                .map(f -> f.line() + " " + f.kind() + switch (f.kind()) {
                    case "duplicate" -> " " + relatedIn(f.description());
                    case "near-duplicate" -> " " + relatedIn(f.description());
                    default -> "";
                }).toList();
    }

    /** "the same bytes as line 2" -> 2. */
    private static int relatedIn(String description) {
        return Integer.parseInt(description.replaceAll(".*line (\\d+).*", "$1"));
    }

    private static ExampleSet read(String name) throws IOException {
        return ExampleSet.read(DatasetDocument.read(Path.of("sample-data", name)));
    }

    @Test
    void flawedAlpacaFileHasEveryDocumentedProblemAndNoOther() throws IOException {
        ExampleSet set = read("flawed.jsonl");
        try (TemplateTokenCounter tiny = TemplateTokenCounter.open(TINY, Optional.empty(),
                Optional.ofNullable(set.format()))) {
            ValidationReport report = DatasetValidator.validate(set,
                    ValidationOptions.defaults().withTokens(tiny));

            assertEquals(List.of("4 malformed-json", "7 missing-field", "10 empty-field",
                    "13 duplicate 2", "16 near-duplicate 5", "19 too-long", "22 mixed-format",
                    "25 mixed-format", "28 wrong-type"), found(report));
            assertEquals(documented(SampleData.flawed()), found(report));
            assertEquals(32, report.examples());
            DataProblem tooLong = report.ofKind(DataProblem.TOO_LONG).get(0);
            assertTrue(tooLong.message().contains("over the max length of 512"), tooLong.message());
            assertTrue(report.ofKind(DataProblem.NEAR_DUPLICATE).get(0).message()
                    .startsWith("nearly the same as line 5 (87%"));
        }
    }

    @Test
    void withoutAModelNothingIsTooLong() throws IOException {
        ValidationReport report = DatasetValidator.validate(read("flawed.jsonl"), ValidationOptions.defaults());
        assertEquals(List.of(), report.ofKind(DataProblem.TOO_LONG));
        assertEquals(8, report.problems().size());
    }

    @Test
    void flawedChatFileHasEveryDocumentedProblemAndNoOther() throws IOException {
        ValidationReport report = DatasetValidator.validate(read("flawed-chat.jsonl"),
                ValidationOptions.defaults());

        assertEquals(List.of("3 bad-turns", "6 bad-turns", "9 bad-turns", "12 bad-turns",
                "15 wrong-type", "18 duplicate 2", "21 imbalance"), found(report));
        assertEquals(documented(SampleData.flawedChat()), found(report));
        assertEquals(34, report.examples());
        assertEquals("category 'colors' has 1 of 29 examples (3.4%), far below an even share of "
                + "25.0% among 4 categories", report.ofKind(DataProblem.IMBALANCE).get(0).message());
    }

    @Test
    void jsonHasTheIssuesShapeWithRelatedLineOnlyWhereThereIsOne() throws IOException {
        JsonNode json = new ObjectMapper().readTree(DatasetValidator.validate(read("flawed.jsonl"),
                ValidationOptions.defaults()).toJsonString());

        assertEquals(32, json.get("examples").asInt());
        JsonNode first = json.get("problems").get(0);
        assertEquals(List.of("line", "kind", "message"), fieldNames(first));
        assertEquals(4, first.get("line").asInt());
        JsonNode duplicate = json.get("problems").get(3);
        assertEquals(List.of("line", "kind", "message", "related_line"), fieldNames(duplicate));
        assertEquals(2, duplicate.get("related_line").asInt());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
