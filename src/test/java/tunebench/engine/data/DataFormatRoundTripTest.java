package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * Converting between formats keeps content: A -> B -> A, through files saved and read back with
 * their format detected, gives the same conversations, categories and rejected replies.
 */
class DataFormatRoundTripTest {

    @TempDir
    Path dir;

    static final Example SINGLE = new Example(List.of(ChatMessage.user("Name a colour."),
            ChatMessage.assistant("Blue.")), null, "open_qa", 0);
    static final Example INPUT = new Example(List.of(ChatMessage.user("Translate.\n\nHallo, \"Welt\""),
            ChatMessage.assistant("Hello, \"world\",\nwith a line break")), null, null, 0);
    static final Example SYSTEM = new Example(List.of(ChatMessage.system("You answer briefly."),
            ChatMessage.user("2+2?"), ChatMessage.assistant("4")), null, "math", 0);
    static final Example MULTI = new Example(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello!"),
            ChatMessage.user("Capital of Peru?"), ChatMessage.assistant("Lima.")), null, null, 0);
    static final Example MULTI_SYSTEM = new Example(List.of(ChatMessage.system("Be kind."),
            ChatMessage.user("a"), ChatMessage.assistant("b"), ChatMessage.user("c"),
            ChatMessage.assistant("d"), ChatMessage.user("e"), ChatMessage.assistant("f")), null, "chat", 0);
    static final Example PAIR = new Example(List.of(ChatMessage.user("Capital of Peru?"),
            ChatMessage.assistant("Lima.")), "Cusco, obviously.", "geo", 0);
    static final Example CHAT_PAIR = new Example(List.of(ChatMessage.system("Be brief."),
            ChatMessage.user("2+2?"), ChatMessage.assistant("4")), "It is 5.", null, 0);
    static final Example TEXT = new Example(List.of(new ChatMessage(Conversation.TEXT_ROLE,
            "Once upon a time, \"quoted\",\nnext line.")), null, null, 0);

    static Stream<Arguments> pairs() {
        List<Example> chat = List.of(SINGLE, INPUT, SYSTEM, MULTI, MULTI_SYSTEM);
        List<Example> noSystem = List.of(SINGLE, INPUT, MULTI);
        List<Example> single = List.of(SINGLE, INPUT);
        return Stream.of(
                Arguments.of(DataFormat.ALPACA, "a.jsonl", DataFormat.MESSAGES, "b.jsonl", chat),
                Arguments.of(DataFormat.ALPACA, "a.json", DataFormat.SHAREGPT, "b.json", chat),
                Arguments.of(DataFormat.MESSAGES, "a.jsonl", DataFormat.SHAREGPT, "b.jsonl", chat),
                Arguments.of(DataFormat.SHAREGPT, "a.jsonl", DataFormat.MESSAGES, "b.json", chat),
                Arguments.of(DataFormat.MESSAGES, "a.jsonl", DataFormat.ALPACA, "b.jsonl", chat),
                Arguments.of(DataFormat.ALPACA, "a.jsonl", DataFormat.DOLLY, "b.jsonl", single),
                Arguments.of(DataFormat.DOLLY, "a.jsonl", DataFormat.ALPACA, "b.csv", single),
                Arguments.of(DataFormat.DOLLY, "a.csv", DataFormat.MESSAGES, "b.jsonl", single),
                Arguments.of(DataFormat.DOLLY, "a.tsv", DataFormat.SHAREGPT, "b.json", single),
                Arguments.of(DataFormat.ALPACA, "a.csv", DataFormat.ALPACA, "b.jsonl", List.of(SINGLE, INPUT, SYSTEM)),
                Arguments.of(DataFormat.MESSAGES, "a.jsonl", DataFormat.OASST, "b.jsonl", noSystem),
                Arguments.of(DataFormat.OASST, "a.jsonl", DataFormat.ALPACA, "b.json", noSystem),
                Arguments.of(DataFormat.OASST, "a.json", DataFormat.SHAREGPT, "b.jsonl", noSystem),
                Arguments.of(DataFormat.PREFERENCE, "a.jsonl", DataFormat.PREFERENCE, "b.csv", List.of(PAIR)),
                Arguments.of(DataFormat.PREFERENCE, "a.jsonl", DataFormat.PREFERENCE, "b.json", List.of(PAIR, CHAT_PAIR)),
                Arguments.of(DataFormat.TEXT, "a.jsonl", DataFormat.TEXT, "b.csv", List.of(TEXT)));
    }

    @ParameterizedTest(name = "{0} {1} <-> {2} {3}")
    @MethodSource("pairs")
    void aRoundTripThroughAnotherFormatKeepsContent(DataFormat a, String fileA, DataFormat b,
            String fileB, List<Example> examples) throws IOException {
        ExampleSet original = new ExampleSet(null, examples, List.of(), examples.size(), "");
        ExampleSet inA = saveAndRead(original, a, dir.resolve("first-" + fileA));
        assertEquals(content(examples), content(inA.examples()), "written as " + a);

        ExampleSet inB = saveAndRead(inA, b, dir.resolve(fileB));
        assertEquals(content(examples), content(inB.examples()), "converted to " + b);

        ExampleSet back = saveAndRead(inB, a, dir.resolve(fileA));
        assertEquals(content(examples), content(back.examples()), "converted back to " + a);
    }

    /** Converts, saves, and reads the file back letting the format be detected. */
    static ExampleSet saveAndRead(ExampleSet set, DataFormat target, Path file) throws IOException {
        Conversion c = DatasetConverter.convert(set, target, file);
        assertEquals(List.of(), c.skipped(), "nothing refused");
        c.document().save();
        DatasetDocument doc = DatasetDocument.read(file);
        assertEquals(Optional.of(target), doc.format(), "detected from " + file.getFileName());
        ExampleSet read = ExampleSet.read(doc);
        assertEquals(List.of(), read.problems());
        return read;
    }

    /** What a conversion must keep: the turns, the category, the rejected reply (not the line). */
    static List<List<Object>> content(List<Example> examples) {
        return examples.stream().map(e -> List.<Object>of(e.messages(),
                Optional.ofNullable(e.category()), Optional.ofNullable(e.rejected()))).toList();
    }
}
