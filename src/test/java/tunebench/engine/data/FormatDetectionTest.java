package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.tokenizer.ChatMessage;

/** Deciding a file's format from all its records: majority, mixed records, ties, a given format. */
class FormatDetectionTest {

    @TempDir
    Path dir;

    @Test
    void theMajorityWinsAndEveryOtherRecordIsMixedFormatNamingItsFormat() throws IOException {
        // The first record is ShareGPT: a first-record rule would read the whole file wrong.
        ExampleSet set = read("mixed.jsonl", """
                {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]}
                {"instruction": "a", "input": "", "output": "1"}
                {"instruction": "b", "output": "2"}
                {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}]}
                {"instruction": "c", "output": "3"}
                {"instruction": "d"}
                """);
        assertEquals(DataFormat.ALPACA, set.format());
        assertEquals(3, set.examples().size());
        assertEquals(List.of(
                new DataProblem(1, DataProblem.MIXED_FORMAT, "a ShareGPT 'conversations' record in an Alpaca file"),
                new DataProblem(4, DataProblem.MIXED_FORMAT, "a chat 'messages' record in an Alpaca file"),
                new DataProblem(6, DataProblem.MISSING_FIELD, "missing field 'output'")), set.problems());
        assertEquals("3 records look like Alpaca, 1 like messages, 1 like ShareGPT. Read as Alpaca.", set.note());
    }

    @Test
    void equalCountsAreAmbiguousAndTheFormatCanBeGiven() throws IOException {
        String text = """
                {"instruction": "a", "output": "1"}
                {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}]}
                """;
        DatasetDocument doc = DatasetDocument.read(Files.writeString(dir.resolve("tie.jsonl"), text));
        FormatDetection detection = doc.detection();

        assertTrue(detection.isAmbiguous());
        assertEquals(List.of(DataFormat.ALPACA, DataFormat.MESSAGES), detection.candidates());
        FormatDetection.AmbiguousFormat e = assertThrows(FormatDetection.AmbiguousFormat.class, detection::require);
        assertTrue(e.getMessage().contains("ambiguous between Alpaca and messages"), e.getMessage());
        assertTrue(e.getMessage().contains("Choose the format"), e.getMessage());
        assertTrue(ExampleSet.read(doc).note().contains("ambiguous"), "the note says so too");

        ExampleSet forced = ExampleSet.read(doc, Optional.of(DataFormat.MESSAGES));
        assertEquals(DataFormat.MESSAGES, forced.format());
        assertEquals(List.of(List.of(ChatMessage.user("q"), ChatMessage.assistant("r"))),
                forced.examples().stream().map(Example::messages).toList());
        assertEquals(DataProblem.MIXED_FORMAT, forced.problems().get(0).kind());
        assertEquals("", forced.note());
    }

    @Test
    void recordsFittingTwoFormatsEquallyMakeTheFileAmbiguous() throws IOException {
        ExampleSet set = read("both.jsonl", """
                {"instruction": "a", "output": "1", "response": "2"}
                {"instruction": "b", "output": "3", "response": "4"}
                """);
        assertTrue(set.note().contains("2 records fit Alpaca and Dolly equally"), set.note());
        assertTrue(set.note().contains("ambiguous between Alpaca and Dolly"), set.note());
    }

    @Test
    void eachFormatIsToldByItsKeys() {
        assertEquals(Optional.of(DataFormat.DOLLY), fit("{\"instruction\": \"a\", \"context\": \"\", \"response\": \"b\", \"category\": \"qa\"}"));
        assertEquals(Optional.of(DataFormat.ALPACA), fit("{\"instruction\": \"a\", \"input\": \"\", \"output\": \"b\", \"category\": \"qa\"}"));
        assertEquals(Optional.of(DataFormat.PREFERENCE), fit("{\"messages\": [], \"chosen\": \"a\", \"rejected\": \"b\"}"));
        assertEquals(Optional.of(DataFormat.PREFERENCE), fit("{\"chosen\": [], \"rejected\": []}"));
        assertEquals(Optional.of(DataFormat.OASST), fit("{\"message_id\": \"x\", \"parent_id\": null, \"role\": \"prompter\", \"text\": \"t\"}"));
        assertEquals(Optional.of(DataFormat.OASST), fit("{\"prompt\": {\"text\": \"t\", \"role\": \"prompter\", \"replies\": []}}"));
        assertEquals(Optional.of(DataFormat.TEXT), fit("{\"text\": \"t\", \"meta\": 1}"));
        assertEquals(Optional.empty(), fit("{\"question\": \"q\", \"answer\": \"a\"}"));
        assertEquals(Optional.empty(), fit("{\"messages\": [], \"conversations\": []}"), "a tie");
    }

    @Test
    void aRecordFittingNoFormatNamesTheFieldsExpected() throws IOException {
        ExampleSet set = read("odd.jsonl", """
                {"instruction": "a", "output": "1"}
                {"question": "q", "answer": "a"}
                """);
        DataProblem p = set.problems().get(0);
        assertEquals(DataProblem.MISSING_FIELD, p.kind());
        assertEquals("no Alpaca field (expected 'instruction', 'input', 'output'; found 'question', 'answer')",
                p.message());

        ExampleSet none = read("none.jsonl", "{\"question\": \"q\", \"answer\": \"a\"}\n");
        assertEquals(null, none.format());
        assertTrue(none.note().startsWith("No record is in a known format: expected 'instruction'/'output'"), none.note());
        assertEquals(DataProblem.MISSING_FIELD, none.problems().get(0).kind());
    }

    @Test
    void theEditorsPerRecordCheckReportsMixedFormatToo() throws IOException {
        DatasetDocument doc = DatasetDocument.read(Path.of("sample-data", "flawed.jsonl"));
        DataProblem p = DatasetDocument.check(doc.records().get(24), doc.format()).orElseThrow();
        assertEquals(new DataProblem(25, DataProblem.MIXED_FORMAT,
                "a ShareGPT 'conversations' record in an Alpaca file"), p);
    }

    private ExampleSet read(String name, String text) throws IOException {
        return ExampleSet.read(DatasetDocument.read(Files.writeString(dir.resolve(name), text)));
    }

    private static Optional<DataFormat> fit(String json) {
        return DataFormat.detect(DatasetRecord.parse(json, 1).node());
    }
}
