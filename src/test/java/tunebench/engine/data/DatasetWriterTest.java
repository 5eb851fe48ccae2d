package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Saving a dataset document: nothing lost, untouched records byte for byte, edits in style. */
class DatasetWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"instructions.json", "instructions.jsonl", "flawed.jsonl",
            "preferences.jsonl"})
    void savingAnUntouchedSampleWritesTheSameBytes(String name) throws IOException {
        Path copy = Files.copy(Path.of("sample-data", name), dir.resolve(name));
        byte[] before = Files.readAllBytes(copy);

        DatasetDocument.read(copy).save();

        assertArrayEquals(before, Files.readAllBytes(copy));
    }

    @Test
    void everyRecordWrittenAfreshMatchesJacksonsPrettyPrinter() throws IOException {
        Path sample = Path.of("sample-data", "instructions.json");
        DatasetDocument doc = DatasetDocument.read(sample);

        String fresh = DatasetWriter.render(doc.withRecords(
                doc.records().stream().map(DatasetRecord::withoutSource).toList())).text.toString();

        assertEquals(Files.readString(sample), fresh);
    }

    @Test
    void pythonIndentedAsciiFileIsWrittenAfreshInItsOwnStyle() throws IOException {
        // json.dump(data, f, indent=2) with Python's default ensure_ascii=True, CRLF line ends.
        String text = """
                [
                  {
                    "instruction": "Say caf\\u00e9",
                    "input": "",
                    "output": "caf\\u00e9",
                    "tags": [
                      "a",
                      "b"
                    ],
                    "meta": {}
                  },
                  {
                    "instruction": "Two",
                    "output": "2"
                  }
                ]
                """.replace("\n", "\r\n");
        Path file = Files.writeString(dir.resolve("python.json"), text);
        DatasetDocument doc = DatasetDocument.read(file);

        String fresh = DatasetWriter.render(doc.withRecords(
                doc.records().stream().map(DatasetRecord::withoutSource).toList())).text.toString();

        assertEquals(text.replace("\\u00e9", "\\u00E9"), fresh, "only the hex digits' case differs");
    }

    @Test
    void compactLinesWithPythonSpacingKeepTheirSpacingAndDecimals() throws IOException {
        String text = "{\"instruction\": \"a\", \"output\": \"1\", \"score\": 1.10, \"n\": 12345678901234567890}\n";
        Path file = Files.writeString(dir.resolve("spaced.jsonl"), text);
        DatasetDocument doc = DatasetDocument.read(file);

        String fresh = DatasetWriter.render(doc.withRecords(
                doc.records().stream().map(DatasetRecord::withoutSource).toList())).text.toString();

        assertEquals(text, fresh);
    }

    @Test
    void anEditKeepsUnknownFieldsKeyOrderAndEveryOtherLine() throws IOException {
        String text = """
                {"id":7,"output":"old","instruction":"q","meta":{"src":"web","tags":["x"]},"system":"s"}
                {"instruction": "broken", "output": "x"
                {"instruction":"second","output":"2"}
                """;
        Path file = Files.writeString(dir.resolve("mixed.jsonl"), text);
        DatasetDocument doc = DatasetDocument.read(file);
        List<DatasetRecord> records = new ArrayList<>(doc.records());
        records.set(0, records.get(0).withText("output", "new \"quoted\"\nline"));

        DatasetDocument saved = doc.withRecords(records).save();

        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("{\"id\":7,\"output\":\"new \\\"quoted\\\"\\nline\",\"instruction\":\"q\","
                + "\"meta\":{\"src\":\"web\",\"tags\":[\"x\"]},\"system\":\"s\"}", lines.get(0));
        assertEquals("{\"instruction\": \"broken\", \"output\": \"x\"", lines.get(1), "kept verbatim");
        assertEquals("{\"instruction\":\"second\",\"output\":\"2\"}", lines.get(2));
        assertEquals(List.of(1, 2, 3), saved.records().stream().map(DatasetRecord::line).toList());
        assertTrue(saved.records().get(1).isRaw());
    }

    @Test
    void addedAndDeletedRecordsAreSavedAtTheLinesTheSavedDocumentReports() throws IOException {
        Path file = Files.copy(Path.of("sample-data", "instructions.json"), dir.resolve("i.json"));
        DatasetDocument doc = DatasetDocument.read(file);
        List<DatasetRecord> records = new ArrayList<>(doc.records());
        records.remove(0);
        records.add(1, DatasetRecord.blank(doc.format()).withText("instruction", "Added?")
                .withText("output", "Yes."));

        DatasetDocument saved = doc.withRecords(records).save();
        DatasetDocument reread = DatasetDocument.read(file);

        assertEquals(1200, reread.records().size());
        assertEquals("Added?", reread.records().get(1).text("instruction"));
        assertEquals(doc.records().get(1).text("instruction"), reread.records().get(0).text("instruction"));
        assertEquals(saved.records().stream().map(DatasetRecord::line).toList(),
                reread.records().stream().map(DatasetRecord::line).toList());
        assertEquals(List.of(), reread.problems());
        assertTrue(Files.readString(file).startsWith("[ {\n  \"instruction\" : "), "same style");
    }

    @Test
    void aBrokenArrayKeepsTheRestOfTheFileAsOneRawRow() throws IOException {
        String text = "[\n  {\"instruction\": \"a\", \"output\": \"1\"},\n  {\"instruction\": \"b\", \"output\":\n  {\"instruction\": \"c\", \"output\": \"3\"}\n]\n";
        Path file = Files.writeString(dir.resolve("cut.json"), text);
        DatasetDocument doc = DatasetDocument.read(file);

        assertEquals(2, doc.records().size());
        DatasetRecord tail = doc.records().get(1);
        assertTrue(tail.isRaw());
        assertEquals(3, tail.line());
        assertTrue(tail.json().contains("\"c\""), "nothing after the error is dropped");
        assertEquals(DataProblem.MALFORMED_JSON, doc.problems().get(0).problem().kind());

        doc.save();
        assertEquals(text, Files.readString(file));
    }

    @Test
    void savingAsJsonLinesWritesOneObjectPerLine() throws IOException {
        Path source = Path.of("sample-data", "instructions.json");
        DatasetDocument doc = DatasetDocument.read(source);

        DatasetDocument saved = doc.as(dir.resolve("copy.jsonl")).save();

        List<String> lines = Files.readAllLines(dir.resolve("copy.jsonl"));
        assertEquals(1200, lines.size());
        assertEquals(DatasetLayout.JSON_LINES, saved.layout());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(JSON.readTree(doc.records().get(0).json()), first);
        assertEquals(1200, saved.records().get(1199).line());
    }

    @Test
    void aSingleObjectFileBecomesAnArrayOnceItHoldsTwoRecords() throws IOException {
        Path file = Files.writeString(dir.resolve("one.json"), "{\n  \"instruction\": \"a\",\n  \"output\": \"1\"\n}\n");
        DatasetDocument doc = DatasetDocument.read(file);
        assertEquals(DatasetLayout.JSON_OBJECT, doc.layout());
        doc.save();
        assertEquals("{\n  \"instruction\": \"a\",\n  \"output\": \"1\"\n}\n", Files.readString(file));

        List<DatasetRecord> two = new ArrayList<>(doc.records());
        two.add(doc.records().get(0).withText("instruction", "b"));
        doc.withRecords(two).save();

        DatasetDocument reread = DatasetDocument.read(file);
        assertEquals(DatasetLayout.JSON_ARRAY, reread.layout());
        assertEquals(List.of("a", "b"), reread.records().stream().map(r -> r.text("instruction")).toList());
    }
}
