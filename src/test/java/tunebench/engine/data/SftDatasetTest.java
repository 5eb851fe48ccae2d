package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.tokenizer.ChatMessage;

/** Reading the three SFT layouts, and reporting broken records by line while keeping the rest. */
class SftDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsAlpacaJsonArrayWithTheLineEachObjectStartsOn() throws IOException {
        Path file = write("alpaca.json", """
                [
                  {"instruction": "Name a colour.", "input": "", "output": "Blue."},
                  {
                    "instruction": "Translate to English.",
                    "input": "Hallo",
                    "output": "Hello",
                    "system": "You translate."
                  }
                ]
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals("alpaca", data.format());
        assertEquals(List.of(), data.problems());
        assertEquals(List.of(
                new Conversation(List.of(ChatMessage.user("Name a colour."),
                        ChatMessage.assistant("Blue.")), 2),
                new Conversation(List.of(ChatMessage.system("You translate."),
                        ChatMessage.user("Translate to English.\n\nHallo"),
                        ChatMessage.assistant("Hello")), 3)),
                data.conversations());
    }

    @Test
    void readsMessagesJsonl() throws IOException {
        Path file = write("chat.jsonl", """
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}

                {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}, {"role": "user", "content": "And 3+3?"}, {"role": "assistant", "content": "6"}]}
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals("messages", data.format());
        assertEquals(List.of(), data.problems());
        assertEquals(2, data.conversations().size());
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello!")), data.conversations().get(0).messages());
        assertEquals(3, data.conversations().get(1).line());
        assertEquals(4, data.conversations().get(1).messages().size());
    }

    @Test
    void readsShareGptWithEitherRoleSpelling() throws IOException {
        Path file = write("sharegpt.jsonl", """
                {"conversations": [{"from": "system", "value": ""}, {"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello!"}]}
                {"conversations": [{"from": "user", "value": "Ping"}, {"from": "assistant", "value": "Pong"}]}
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals("sharegpt", data.format());
        assertEquals(List.of(), data.problems());
        // The empty system prompt means "none".
        assertEquals(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello!")),
                data.conversations().get(0).messages());
        assertEquals(List.of(ChatMessage.user("Ping"), ChatMessage.assistant("Pong")),
                data.conversations().get(1).messages());
    }

    @Test
    void reportsMalformedLineAndMissingFieldAndLoadsTheRest() throws IOException {
        Path file = write("broken.jsonl", """
                {"instruction": "a", "output": "1"}
                {"instruction": "b", "output": "2"}
                {"instruction": "c", "output": "3"
                {"instruction": "d", "output": "4"}
                {"instruction": "e"}
                {"instruction": "f", "output": "6"}
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals(List.of(1, 2, 4, 6),
                data.conversations().stream().map(Conversation::line).toList());
        assertEquals(2, data.problems().size());
        DataProblem malformed = data.problems().get(0);
        DataProblem missing = data.problems().get(1);
        assertEquals(3, malformed.line());
        assertEquals(DataProblem.MALFORMED_JSON, malformed.kind());
        assertEquals(5, missing.line());
        assertEquals(DataProblem.MISSING_FIELD, missing.kind());
        assertEquals("line 5: missing field 'output'", missing.describe());
    }

    @Test
    void reportsUnknownRolesEmptyContentWrongTypesAndMissingAnswers() throws IOException {
        Path file = write("turns.jsonl", """
                {"messages": [{"role": "user", "content": "ok"}, {"role": "assistant", "content": "fine"}]}
                {"messages": [{"role": "user", "content": "x"}, {"role": "tool", "content": "y"}]}
                {"messages": [{"role": "user", "content": "  "}, {"role": "assistant", "content": "y"}]}
                {"messages": [{"role": "user", "content": ["parts"]}, {"role": "assistant", "content": "y"}]}
                {"messages": [{"role": "user", "content": "only a question"}]}
                {"messages": [{"role": "user", "content": "q"}, {"role": "system", "content": "late"}, {"role": "assistant", "content": "a"}]}
                {"messages": "not a list"}
                [1, 2]
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals(1, data.conversations().size());
        // An empty turn is a conversation problem, not an empty field.
        assertEquals(List.of(DataProblem.BAD_TURNS, DataProblem.BAD_TURNS,
                DataProblem.WRONG_TYPE, DataProblem.BAD_TURNS, DataProblem.BAD_TURNS,
                DataProblem.WRONG_TYPE, DataProblem.WRONG_TYPE),
                data.problems().stream().map(DataProblem::kind).toList());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8),
                data.problems().stream().map(DataProblem::line).toList());
        assertTrue(data.problems().get(0).message().contains("unknown role 'tool'"),
                data.problems().get(0).message());
        assertEquals("message 1 (user) is empty", data.problems().get(1).message());
    }

    @Test
    void brokenArrayKeepsTheRecordsBeforeTheError() throws IOException {
        Path file = write("cut.json", """
                [
                  {"instruction": "a", "output": "1"},
                  {"instruction": "b", "output": "2"},
                  {"instruction": "c", "output":
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals(2, data.conversations().size());
        assertEquals(1, data.problems().size());
        assertEquals(DataProblem.MALFORMED_JSON, data.problems().get(0).kind());
    }

    @Test
    void readsOnePrettyPrintedObject() throws IOException {
        Path file = write("one.json", """
                {
                  "instruction": "a",
                  "output": "1"
                }
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals(1, data.conversations().size());
        assertEquals(List.of(), data.problems());
    }

    @Test
    void unreadableFilesThrowNamingTheFile() throws IOException {
        Path missing = dir.resolve("absent.jsonl");
        IOException e = assertThrows(IOException.class, () -> SftDataset.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        Path binary = dir.resolve("data.parquet");
        Files.write(binary, new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 3});
        e = assertThrows(IOException.class, () -> SftDataset.read(binary));
        assertTrue(e.getMessage().contains(binary.toString()), e.getMessage());

        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        e = assertThrows(IOException.class, () -> SftDataset.read(latin1));
        assertTrue(e.getMessage().contains(latin1.toString()), e.getMessage());
    }

    @Test
    void aFileInNoKnownLayoutReportsEveryRecord() throws IOException {
        Path file = write("other.jsonl", """
                {"question": "What?", "answer": "That."}
                {"question": "Why?", "answer": "Because."}
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals("unknown", data.format());
        assertEquals(List.of(1, 2), data.problems().stream().map(DataProblem::line).toList());
    }

    @Test
    void plainTextRecordsAreReadForLanguageModelling() throws IOException {
        Path file = write("corpus.jsonl", """
                {"text": "plain pretraining text"}
                {"text": ""}
                {"text": "more"}
                """);
        SftDataset data = SftDataset.read(file);
        assertEquals("text", data.format());
        assertEquals(2, data.conversations().size());
        assertTrue(data.conversations().get(0).isPlainText());
        assertEquals("plain pretraining text", data.conversations().get(0).messages().get(0).content());
        assertEquals(List.of(2), data.problems().stream().map(DataProblem::line).toList());
    }

    @Test
    void brokenJsonIsReportedWithoutTheParsersLocationNote() throws IOException {
        Path file = write("broken.jsonl", "{\"instruction\": \"a\", \"output\": \"b\"}\n"
                + "{\"instruction\": \"c\", \"output\": \"d\"\n");
        SftDataset data = SftDataset.read(file);
        DataProblem p = data.problems().get(0);
        assertEquals(2, p.line());
        assertTrue(p.message().startsWith("not valid JSON: "), p.message());
        assertTrue(!p.message().contains("[Source:") && !p.message().contains("start marker"),
                p.message());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
