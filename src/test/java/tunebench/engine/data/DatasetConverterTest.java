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

/** What a conversion refuses, drops and keeps, each said with a line or a note. */
class DatasetConverterTest {

    @TempDir
    Path dir;

    @Test
    void preferencePairsToSftKeepTheChosenRepliesAndSaySo() throws IOException {
        DatasetDocument prefs = DatasetDocument.read(Path.of("sample-data", "preferences.jsonl"));
        ExampleSet pairs = ExampleSet.read(prefs);

        Conversion c = DatasetConverter.convert(pairs, DataFormat.MESSAGES, dir.resolve("chosen.jsonl"));
        c.document().save();
        ExampleSet sft = ExampleSet.read(DatasetDocument.read(dir.resolve("chosen.jsonl")));

        assertEquals(List.of(pairs.examples().size() + " rejected replies were dropped: messages keeps the chosen reply."),
                c.notes());
        assertEquals(pairs.examples().stream().map(Example::messages).toList(),
                sft.examples().stream().map(Example::messages).toList());
        assertTrue(sft.examples().stream().noneMatch(Example::isPreference));
    }

    @Test
    void sftToPreferenceIsRefusedForItHasNoRejectedReply() throws IOException {
        ExampleSet sft = ExampleSet.read(DatasetDocument.read(Path.of("sample-data", "instructions.json")));
        DataFormat.NotRepresentable e = assertThrows(DataFormat.NotRepresentable.class,
                () -> DatasetConverter.convert(sft, DataFormat.PREFERENCE, dir.resolve("p.jsonl")));
        assertEquals("cannot convert Alpaca to preference pairs: its examples have no rejected reply"
                + " to put in 'rejected'", e.getMessage());
    }

    @Test
    void examplesATargetCannotHoldAreListedByLineAndTheRestConverts() throws IOException {
        Path file = Files.writeString(dir.resolve("chat.jsonl"), """
                {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}
                {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}
                {"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}
                """);
        ExampleSet set = ExampleSet.read(DatasetDocument.read(file));

        Conversion dolly = DatasetConverter.convert(set, DataFormat.DOLLY, dir.resolve("d.jsonl"));
        assertEquals(1, dolly.document().records().size());
        assertEquals(List.of(
                new Conversion.Skipped(2, "Dolly holds one instruction and one response; this conversation has 4 messages"),
                new Conversion.Skipped(3, "Dolly has no place for a system message")), dolly.skipped());
        assertTrue(dolly.notes().contains("2 examples could not be written as Dolly (listed with their lines)."),
                dolly.notes().toString());

        Conversion oasst = DatasetConverter.convert(set, DataFormat.OASST, dir.resolve("o.jsonl"));
        assertEquals(2 + 4, oasst.document().records().size(), "two chains of messages");
        assertEquals(List.of(3), oasst.skipped().stream().map(Conversion.Skipped::line).toList());

        Conversion alpaca = DatasetConverter.convert(set, DataFormat.ALPACA, dir.resolve("a.jsonl"));
        assertEquals(List.of(), alpaca.skipped(), "history and system hold them all");
    }

    @Test
    void aConversationFormatIsRefusedForATableAndPlainTextForAChat() throws IOException {
        ExampleSet chat = ExampleSet.read(DatasetDocument.read(Path.of("sample-data", "instructions.jsonl")));
        DataFormat.NotRepresentable e = assertThrows(DataFormat.NotRepresentable.class,
                () -> DatasetConverter.convert(chat, DataFormat.SHAREGPT, dir.resolve("c.csv")));
        assertTrue(e.getMessage().contains("save it as .jsonl or .json"), e.getMessage());

        Conversion text = DatasetConverter.convert(chat, DataFormat.TEXT, dir.resolve("t.jsonl"));
        assertEquals(chat.examples().size(), text.skipped().size());
        assertTrue(text.skipped().get(0).reason().contains("needs a model's chat template"));
    }

    @Test
    void keysNoFormatKnowsTravelWithTheirRecord() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"), """
                {"id": "q1", "instruction": "Name a colour.", "input": "", "output": "Blue.", "source": {"site": "web"}, "category": "qa"}
                {"instruction": "Say hi", "output": "Hi"}
                """);
        DatasetDocument source = DatasetDocument.read(file);

        Conversion c = DatasetConverter.convert(source, Optional.empty(), DataFormat.SHAREGPT, dir.resolve("s.jsonl"));
        DatasetDocument saved = c.document().save();

        assertEquals("{\"conversations\":[{\"from\":\"human\",\"value\":\"Name a colour.\"},{\"from\":\"gpt\","
                + "\"value\":\"Blue.\"}],\"category\":\"qa\",\"id\":\"q1\",\"source\":{\"site\":\"web\"}}",
                Files.readAllLines(saved.file()).get(0));
        assertEquals(List.of("1 record keeps keys ShareGPT does not know (such as an id), as they were."), c.notes());
        ExampleSet back = ExampleSet.read(DatasetDocument.read(saved.file()));
        assertEquals(List.of(ChatMessage.user("Name a colour."), ChatMessage.assistant("Blue.")),
                back.examples().get(0).messages());
        assertEquals("qa", back.examples().get(0).category());
    }
}
