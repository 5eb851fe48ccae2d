package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.tokenizer.ChatMessage;

/** Flattening OpenAssistant message trees into conversations: best-ranked replies, every branch. */
class OasstTreesTest {

    @TempDir
    Path dir;

    // Tree 1:  P1 ─┬─ A1 (rank 1) ── P4 ── A6        (A1 is not the best reply: left out)
    //              ├─ A2 (rank 0) ─┬─ P2 ─┬─ A4 (rank null)
    //              │               │      └─ A5 (rank null, later in the file: tie lost)
    //              │               └─ P3 ── A7 (rank 0)
    //              └─ A3 (rank null)
    // Tree 2:  Q1 ── B1 (deleted) ── Q2 ── B2         (deleted subtree: no conversation)
    //          Q1 ── B3 (rank 2)
    static final String TREES = """
            {"message_id": "P1", "parent_id": null, "role": "prompter", "text": "Plan a trip.", "rank": null, "lang": "en", "message_tree_id": "P1"}
            {"message_id": "A1", "parent_id": "P1", "role": "assistant", "text": "Go to Rome.", "rank": 1}
            {"message_id": "A2", "parent_id": "P1", "role": "assistant", "text": "Where to?", "rank": 0}
            {"message_id": "A3", "parent_id": "P1", "role": "assistant", "text": "No.", "rank": null}
            {"message_id": "P2", "parent_id": "A2", "role": "prompter", "text": "Japan.", "rank": null}
            {"message_id": "P3", "parent_id": "A2", "role": "prompter", "text": "Peru.", "rank": null}
            {"message_id": "A4", "parent_id": "P2", "role": "assistant", "text": "See Kyoto.", "rank": null}
            {"message_id": "A5", "parent_id": "P2", "role": "assistant", "text": "See Osaka.", "rank": null}
            {"message_id": "P4", "parent_id": "A1", "role": "prompter", "text": "Why Rome?", "rank": null}
            {"message_id": "A6", "parent_id": "P4", "role": "assistant", "text": "Food.", "rank": 0}
            {"message_id": "A7", "parent_id": "P3", "role": "assistant", "text": "See Cusco.", "rank": 0}
            {"message_id": "Q1", "parent_id": null, "role": "prompter", "text": "Hello?", "rank": null, "category": "greeting"}
            {"message_id": "B1", "parent_id": "Q1", "role": "assistant", "text": "Hi.", "rank": 0, "deleted": true}
            {"message_id": "Q2", "parent_id": "B1", "role": "prompter", "text": "More?", "rank": null}
            {"message_id": "B2", "parent_id": "Q2", "role": "assistant", "text": "Sure.", "rank": 0}
            {"message_id": "B3", "parent_id": "Q1", "role": "assistant", "text": "Hi there.", "rank": 2}
            """;

    @Test
    void eachPathFromARootToALeafIsAConversationKeepingTheBestRankedReplies() throws IOException {
        DatasetDocument doc = DatasetDocument.read(Files.writeString(dir.resolve("oasst.jsonl"), TREES));
        assertEquals(Optional.of(DataFormat.OASST), doc.format());

        ExampleSet set = ExampleSet.read(doc);

        assertEquals(DataFormat.OASST, set.format());
        assertEquals(List.of(), set.problems());
        assertEquals(List.of(
                List.of(ChatMessage.user("Plan a trip."), ChatMessage.assistant("Where to?"),
                        ChatMessage.user("Japan."), ChatMessage.assistant("See Kyoto.")),
                List.of(ChatMessage.user("Plan a trip."), ChatMessage.assistant("Where to?"),
                        ChatMessage.user("Peru."), ChatMessage.assistant("See Cusco.")),
                List.of(ChatMessage.user("Hello?"), ChatMessage.assistant("Hi there."))),
                set.examples().stream().map(Example::messages).toList());
        assertEquals(List.of(7, 11, 16), set.examples().stream().map(Example::line).toList(),
                "each conversation is at its leaf's line");
        assertEquals("greeting", set.examples().get(2).category());
        assertEquals(16, set.records());
        assertTrue(set.note().contains("16 messages in 2 trees gave 3 conversations"), set.note());
        assertTrue(set.note().contains("3 lower-ranked replies were left out"), set.note());
        assertTrue(set.note().contains("1 deleted message was skipped"), set.note());
    }

    @Test
    void brokenLinksRolesAndEmptyTextsAreProblemsAtTheirLines() throws IOException {
        String text = """
                {"message_id": "P1", "parent_id": null, "role": "prompter", "text": "Hi", "rank": null}
                {"message_id": "A1", "parent_id": "P1", "role": "assistant", "text": "Hello", "rank": 0}
                {"message_id": "A2", "parent_id": "gone", "role": "assistant", "text": "Orphan", "rank": 0}
                {"message_id": "P2", "parent_id": "P1", "role": "prompter", "text": "Me again", "rank": null}
                {"message_id": "A3", "parent_id": "P1", "role": "assistant", "text": "  ", "rank": 1}
                {"message_id": "A4", "parent_id": null, "role": "assistant", "text": "I start", "rank": 0}
                {"message_id": "P3", "parent_id": "A1", "role": "moderator", "text": "x", "rank": null}
                {"message_id": "A1", "parent_id": "P1", "role": "assistant", "text": "Again", "rank": 0}
                """;
        DatasetDocument doc = DatasetDocument.read(Files.writeString(dir.resolve("broken.jsonl"), text));

        ExampleSet set = ExampleSet.read(doc);

        assertEquals(List.of(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello"))),
                set.examples().stream().map(Example::messages).toList());
        assertEquals(List.of(3, 4, 5, 6, 7, 8), set.problems().stream().map(DataProblem::line).toList());
        assertTrue(set.problems().stream().allMatch(p -> p.kind().equals(DataProblem.BAD_TURNS)), set.problems().toString());
        assertTrue(set.problems().get(0).message().contains("parent_id 'gone'"), set.problems().get(0).message());
        assertTrue(set.problems().get(1).message().contains("replies to another prompter"), set.problems().get(1).message());
        assertEquals("message 'A3' (assistant) is empty", set.problems().get(2).message());
        assertEquals(2, set.problems().get(5).relatedLine(), "the repeated id points at the first");
        assertEquals(set.problems(), doc.problems().stream().map(RecordProblem::problem).toList(),
                "the editor lists the file's problems too");
        assertEquals(2, doc.problems().get(0).index());
    }

    @Test
    void theNestedTreesExportReadsTheSame() throws IOException {
        String nested = """
                {"message_tree_id": "t1", "tree_state": "ready_for_export", "prompt": {"message_id": "P1", "role": "prompter", "text": "Plan a trip.", "replies": [
                  {"message_id": "A1", "role": "assistant", "text": "Go to Rome.", "rank": 1, "replies": []},
                  {"message_id": "A2", "role": "assistant", "text": "Where to?", "rank": 0, "replies": [
                    {"role": "prompter", "text": "Japan.", "replies": [{"role": "assistant", "text": "See Kyoto.", "rank": 0}]}]}]}}
                """.replace("\n  ", " ").replace("\n    ", " ");
        DatasetDocument doc = DatasetDocument.read(Files.writeString(dir.resolve("trees.jsonl"), nested));

        ExampleSet set = ExampleSet.read(doc);

        assertEquals(DataFormat.OASST, set.format());
        assertEquals(List.of(), set.problems());
        assertEquals(List.of(List.of(ChatMessage.user("Plan a trip."), ChatMessage.assistant("Where to?"),
                ChatMessage.user("Japan."), ChatMessage.assistant("See Kyoto."))),
                set.examples().stream().map(Example::messages).toList());
    }

    @Test
    void writingMakesChainsThatReadBackAndRefusesASystemMessage() {
        Example chat = new Example(List.of(ChatMessage.user("a"), ChatMessage.assistant("b"),
                ChatMessage.user("c"), ChatMessage.assistant("d")), null, null, 1);
        var chain = OasstTrees.write(chat, 0);
        assertEquals(4, chain.size());
        assertTrue(chain.get(0).get("parent_id").isNull());
        assertEquals(chain.get(0).get("message_id"), chain.get(1).get("parent_id"));
        assertEquals(List.of("prompter", "assistant", "prompter", "assistant"),
                chain.stream().map(o -> o.get("role").asText()).toList());
        assertEquals(0, chain.get(3).get("rank").asInt());

        Example system = new Example(List.of(ChatMessage.system("s"), ChatMessage.user("a"),
                ChatMessage.assistant("b")), null, null, 2);
        DataFormat.NotRepresentable e = org.junit.jupiter.api.Assertions.assertThrows(
                DataFormat.NotRepresentable.class, () -> OasstTrees.write(system, 1));
        assertTrue(e.getMessage().contains("system message"), e.getMessage());
    }
}
