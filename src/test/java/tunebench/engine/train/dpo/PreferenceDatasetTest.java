package tunebench.engine.train.dpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.data.DataProblem;
import tunebench.engine.model.tokenizer.ChatMessage;

/** Reading prompt / chosen / rejected files: every layout, and broken records by line. */
class PreferenceDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryLayoutAndReportsBrokenLinesKeepingTheRest() throws Exception {
        Path file = dir.resolve("prefs.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"prompt\": \"Capital of Peru?\", \"chosen\": \"Lima.\", \"rejected\": \"Cusco.\"}",
                "{\"prompt\": \"broken",
                "{\"prompt\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"2+2?\"}],"
                        + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"4\"}], \"rejected\": \"5\"}",
                "{\"chosen\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Hello!\"}],"
                        + " \"rejected\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Go away.\"}]}",
                "{\"prompt\": \"Where?\", \"chosen\": \"Here.\"}",
                "",
                "{\"chosen\": [{\"role\": \"user\", \"content\": \"A\"}, {\"role\": \"assistant\", \"content\": \"x\"}],"
                        + " \"rejected\": [{\"role\": \"user\", \"content\": \"B\"}, {\"role\": \"assistant\", \"content\": \"y\"}]}",
                "{\"prompt\": \"Q\", \"chosen\": \"\", \"rejected\": \"n\"}") + "\n");
        PreferenceDataset data = PreferenceDataset.read(file);

        assertEquals(List.of(1, 3, 4), data.pairs().stream().map(PreferencePair::line).toList());
        assertEquals(PreferencePair.of("Capital of Peru?", "Lima.", "Cusco.").prompt(), data.pairs().get(0).prompt());
        assertEquals("Cusco.", data.pairs().get(0).rejected());
        PreferencePair explicit = data.pairs().get(1);
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("2+2?")), explicit.prompt());
        assertEquals("4", explicit.chosen());
        assertEquals("5", explicit.rejected());
        PreferencePair implicit = data.pairs().get(2);
        assertEquals(List.of(ChatMessage.user("Hi")), implicit.prompt());
        assertEquals("Hello!", implicit.chosen());
        assertEquals("Go away.", implicit.rejected());

        assertEquals(List.of(2, 5, 7, 8), data.problems().stream().map(DataProblem::line).toList());
        assertEquals(List.of(DataProblem.MALFORMED_JSON, DataProblem.MISSING_FIELD,
                DataProblem.BAD_TURNS, DataProblem.EMPTY_FIELD),
                data.problems().stream().map(DataProblem::kind).toList());
        assertTrue(data.problems().get(1).message().contains("'rejected'"), data.problems().get(1).message());
    }

    @Test
    void readsAJsonArrayWithTheLineEachRecordStartsOn() throws Exception {
        Path file = dir.resolve("prefs.json");
        Files.writeString(file, "[\n  {\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"},\n"
                + "  {\n    \"prompt\": \"d\",\n    \"chosen\": \"e\",\n    \"rejected\": 3\n  }\n]\n");
        PreferenceDataset data = PreferenceDataset.read(file);
        assertEquals(1, data.pairs().size());
        assertEquals(2, data.pairs().get(0).line());
        assertEquals(List.of(new DataProblem(3, DataProblem.WRONG_TYPE,
                "'rejected' should be a string or a list of messages, not a number")), data.problems());
    }

    @Test
    void readsTheSamplePreferenceData() throws Exception {
        PreferenceDataset data = PreferenceDataset.read(Path.of("sample-data", "preferences.jsonl"));
        assertTrue(data.pairs().size() > 10, "pairs: " + data.pairs().size());
        assertEquals(List.of(), data.problems());
    }
}
