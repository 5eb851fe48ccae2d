package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.tokenizer.ChatMessage;

/** Reading a dataset for editing, checking it as training would, and editing records. */
class DatasetDocumentTest {

    @TempDir
    Path dir;

    @Test
    void flawedSampleHasTheProblemsTrainingReportsAndKeepsEveryLine() throws IOException {
        Path flawed = Path.of("sample-data", "flawed.jsonl");

        DatasetDocument doc = DatasetDocument.read(flawed);

        assertEquals(DatasetLayout.JSON_LINES, doc.layout());
        assertEquals(Optional.of(DataFormat.ALPACA), doc.format());
        assertEquals(32, doc.records().size(), "the malformed line is a row too");
        assertEquals(SftDataset.read(flawed).problems(),
                doc.problems().stream().map(RecordProblem::problem).toList());
        RecordProblem malformed = doc.problems().get(0);
        assertEquals(3, malformed.index());
        assertEquals(4, malformed.problem().line());
        assertTrue(doc.records().get(3).isRaw());
        assertEquals(List.of(4, 7, 10), doc.problems().stream().limit(3)
                .map(p -> p.problem().line()).toList());
    }

    @Test
    void aFixedRecordHasNoProblemAndABrokenOneHasTrainingsProblem() throws IOException {
        DatasetDocument doc = DatasetDocument.read(Path.of("sample-data", "flawed.jsonl"));
        Optional<DataFormat> format = doc.format();
        DatasetRecord raw = doc.records().get(3);

        DatasetRecord fixed = raw.withJson(raw.json() + "}");
        DatasetRecord emptied = doc.records().get(0).withText("output", " ");

        assertFalse(fixed.isRaw());
        assertEquals(Optional.empty(), DatasetDocument.check(fixed, format));
        assertEquals(4, fixed.line());
        DataProblem empty = DatasetDocument.check(emptied, format).orElseThrow();
        assertEquals(DataProblem.EMPTY_FIELD, empty.kind());
        assertEquals("'output' is empty", empty.message());
        assertTrue(raw.withJson("{\"instruction\":").isRaw(), "still broken stays a raw row");
    }

    @Test
    void arrayRecordsKnowTheLineTheyStartOnAndTheirFields() throws IOException {
        DatasetDocument doc = DatasetDocument.read(Path.of("sample-data", "instructions.json"));

        assertEquals(DatasetLayout.JSON_ARRAY, doc.layout());
        assertEquals(1200, doc.records().size());
        assertEquals(List.of(1, 5, 9), doc.records().stream().limit(3).map(DatasetRecord::line).toList());
        DatasetRecord first = doc.records().get(0);
        assertEquals(List.of("instruction", "input", "output"), first.fieldNames());
        assertEquals("How many legs does a penguin have?", first.text("instruction"));
        assertEquals("", first.text("input"));
        assertEquals(null, first.text("system"));
        assertTrue(first.isText("system"), "an absent field can be filled in");
        assertTrue(first.searchText().contains("penguin"));
    }

    @Test
    void conversationTurnsAreEditedInPlaceKeepingTheirOtherKeys() throws IOException {
        Path file = Files.writeString(dir.resolve("chat.jsonl"), """
                {"conversations":[{"from":"human","value":"Hi","weight":0},{"from":"gpt","value":"Hello"}],"id":"a"}
                """);
        DatasetDocument doc = DatasetDocument.read(file);
        assertEquals(Optional.of(DataFormat.SHAREGPT), doc.format());
        DatasetRecord r = doc.records().get(0);
        assertEquals(List.of(new ChatMessage("human", "Hi"), new ChatMessage("gpt", "Hello")),
                r.turns(DataFormat.SHAREGPT).orElseThrow());

        DatasetRecord edited = r.withTurn(DataFormat.SHAREGPT, 0, "human", "Hi there")
                .withTurnInserted(DataFormat.SHAREGPT, 2, "human")
                .withTurn(DataFormat.SHAREGPT, 2, "human", "Bye");
        assertEquals(List.of(new ChatMessage("human", "Hi there"), new ChatMessage("gpt", "Hello"),
                new ChatMessage("human", "Bye")), edited.turns(DataFormat.SHAREGPT).orElseThrow());
        assertEquals(List.of("conversations", "id"), edited.fieldNames());
        assertTrue(edited.json().contains("\"weight\": 0"), edited.json());
        assertEquals(Optional.empty(), DatasetDocument.check(edited, doc.format()));
        DatasetRecord tool = edited.withTurn(DataFormat.SHAREGPT, 1, "tool", "Hello");
        assertEquals(DataProblem.BAD_TURNS, DatasetDocument.check(tool, doc.format()).orElseThrow().kind());
    }

    @Test
    void aFileThatIsNotJsonIsRefusedNamingIt() throws IOException {
        Path binary = dir.resolve("data.jsonl");
        Files.write(binary, new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> DatasetDocument.read(binary));
        assertTrue(e.getMessage().contains(binary.toString()), e.getMessage());

        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        e = assertThrows(IOException.class, () -> DatasetDocument.read(latin1));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());

        e = assertThrows(IOException.class, () -> DatasetDocument.read(dir.resolve("absent.json")));
        assertTrue(e.getMessage().startsWith("No such file"), e.getMessage());
    }

    @Test
    void blankRecordsFitTheirFormatOnceFilledIn() {
        for (DataFormat format : DataFormat.values()) {
            DatasetRecord blank = DatasetRecord.blank(Optional.of(format));
            assertTrue(DatasetDocument.check(blank, Optional.of(format)).isPresent(),
                    format + ": an empty record is reported until filled in");
            assertEquals(Optional.of(format), DatasetDocument.detectFormat(Stream.of(blank)));
        }
        DatasetRecord alpaca = DatasetRecord.blank(Optional.of(DataFormat.ALPACA))
                .withText("instruction", "q").withText("output", "a");
        assertEquals(Optional.empty(), DatasetDocument.check(alpaca, Optional.of(DataFormat.ALPACA)));
        DatasetRecord chat = DatasetRecord.blank(Optional.of(DataFormat.MESSAGES));
        chat = chat.withTurn(DataFormat.MESSAGES, 0, "user", "q").withTurn(DataFormat.MESSAGES, 1, "assistant", "a");
        assertEquals(Optional.empty(), DatasetDocument.check(chat, Optional.of(DataFormat.MESSAGES)));
        List<DatasetRecord> removed = new ArrayList<>(List.of(chat.withTurnRemoved(DataFormat.MESSAGES, 1)));
        assertEquals(DataProblem.BAD_TURNS, DatasetDocument.check(removed.get(0),
                Optional.of(DataFormat.MESSAGES)).orElseThrow().kind());
    }
}
