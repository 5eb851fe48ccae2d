package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.data.TemplatePreviewer.Piece;
import tunebench.engine.data.TemplatePreviewer.Preview;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.runtime.DjlRuntime;

/** The preview is SftEncoder's own encoding, in readable pieces, with nothing cut. */
class TemplatePreviewerTest {

    private static final Conversation CHAT = Conversation.of(
            ChatMessage.system("You are terse."),
            ChatMessage.user("What is the capital of France?"),
            ChatMessage.assistant("Paris is the capital."));

    private static TextTokenizer tiny;   // the bundled model: ChatML template, BOS added
    private static TextTokenizer bpe;    // the hand-made test tokenizer

    @BeforeAll
    static void load() throws IOException {
        DjlRuntime.configure();
        tiny = TextTokenizer.load(Path.of("assets", "models", "tunebench-tiny"));
        bpe = TinyBpe.load();
    }

    @AfterAll
    static void close() {
        tiny.close();
        bpe.close();
    }

    @Test
    void piecesAreTheEncodersTokensAndLabels() {
        TemplatePreviewer previewer = TemplatePreviewer.forFormat(tiny, DataFormat.MESSAGES);
        Preview preview = previewer.preview(CHAT);
        SftExample encoded = new SftEncoder(tiny, previewer.template(), 4096, false).encode(CHAT);
        assertArrayEquals(encoded.inputIds(), preview.pieces().stream().mapToLong(Piece::id).toArray());
        for (int i = 0; i < encoded.length(); i++) {
            assertEquals(encoded.labels()[i] != SftExample.IGNORE, preview.pieces().get(i).trained(), "token " + i);
        }
        assertEquals(encoded.labelCount(), preview.trained());
        assertEquals(List.of("Paris is the capital.<|im_end|>"), trainedRuns(preview));
    }

    @Test
    void textIsTheRenderedChatWithBosAndOffsetsCoverIt() {
        TemplatePreviewer previewer = TemplatePreviewer.forFormat(tiny, DataFormat.MESSAGES);
        Preview preview = previewer.preview(CHAT);
        assertEquals("<s>" + previewer.template().render(CHAT.messages(), false), preview.text());
        int at = 0;
        for (Piece p : preview.pieces()) {
            assertEquals(at, p.start());
            assertEquals(p.text(), preview.text().substring(p.start(), p.end()));
            at = p.end();
        }
        assertEquals(preview.text().length(), at);
    }

    @Test
    void specialTokensAreMarked() {
        Preview preview = TemplatePreviewer.forFormat(tiny, DataFormat.MESSAGES).preview(CHAT);
        List<String> special = preview.pieces().stream().filter(Piece::special).map(Piece::text).toList();
        assertEquals(List.of("<s>", "<|im_start|>", "<|im_end|>", "<|im_start|>", "<|im_end|>",
                "<|im_start|>", "<|im_end|>"), special);
        assertTrue(preview.pieces().stream().filter(p -> !p.special()).noneMatch(p -> p.text().contains("<|")));
    }

    @Test
    void charactersSplitOverByteTokensComeOutWhole() {
        Conversation c = Conversation.of(ChatMessage.user("Café ☕ 日本"), ChatMessage.assistant("naïve 🙂 ok"));
        Preview preview = TemplatePreviewer.forFormat(tiny, DataFormat.MESSAGES).preview(c);
        assertTrue(preview.text().contains("Café ☕ 日本"), preview.text());
        assertTrue(preview.text().contains("naïve 🙂 ok"), preview.text());
        assertFalse(preview.text().contains("\uFFFD"));
        assertEquals(tiny.decode(preview.pieces().stream().mapToLong(Piece::id).toArray()), preview.text());
    }

    @Test
    void nothingIsCutPastAnyMaxLength() {
        String longAnswer = "word ".repeat(3000).strip();
        Conversation c = Conversation.of(ChatMessage.user("Say it many times"), ChatMessage.assistant(longAnswer));
        Preview preview = TemplatePreviewer.forFormat(tiny, DataFormat.MESSAGES).preview(c);
        assertTrue(preview.tokens() > 3000, "tokens " + preview.tokens());
        assertEquals(preview.tokens() - 512, preview.overBy(512));
        assertEquals(0, preview.overBy(preview.tokens()));
        assertTrue(preview.text().endsWith("word<|im_end|>\n"));
    }

    @Test
    void trainOnPromptTrainsEveryToken() {
        Preview preview = new TemplatePreviewer(bpe, ChatTemplate.chatml(), true).preview(CHAT);
        assertEquals(preview.tokens(), preview.trained());
    }

    @Test
    void plainTextIsEveryTokenTrained() {
        Conversation text = new Conversation(List.of(new ChatMessage(Conversation.TEXT_ROLE, "the sky is blue")), 1);
        Preview preview = TemplatePreviewer.forFormat(bpe, DataFormat.TEXT).preview(text);
        assertEquals("<s>the sky is blue</s>", preview.text());
        assertEquals(preview.tokens(), preview.trained());
    }

    @Test
    void lengthsMatchPreviewsAndMarkRefusedExamples() {
        List<Conversation> all = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            all.add(Conversation.of(ChatMessage.user("Question " + i + " " + "x".repeat(i % 50)),
                    ChatMessage.assistant("Answer " + i)));
        }
        all.add(Conversation.of(ChatMessage.user("bad \uE000 text"), ChatMessage.assistant("a")));
        TemplatePreviewer previewer = TemplatePreviewer.forFormat(tiny, DataFormat.MESSAGES);
        List<Integer> progress = new ArrayList<>();
        int[] lengths = previewer.lengths(all, n -> { synchronized (progress) { progress.add(n); } }, () -> false);
        for (int i = 0; i < 700; i += 37) {
            assertEquals(previewer.preview(all.get(i)).tokens(), lengths[i], "example " + i);
        }
        assertEquals(-1, lengths[700]);
        assertEquals(all.size(), progress.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    @Test
    void recordsWithoutAFileReadAsTrainingReadsThem() {
        List<DatasetRecord> records = List.of(
                DatasetRecord.parse("{\"instruction\": \"Add\", \"input\": \"2 and 2\", \"output\": \"4\"}", 1),
                DatasetRecord.parse("{\"instruction\": \"\", \"output\": \"x\"}", 2));
        ExampleSet set = ExampleSet.of(records, DataFormat.ALPACA);
        assertEquals(1, set.examples().size());
        assertEquals("Add\n\n2 and 2", set.examples().get(0).messages().get(0).content());
        assertEquals(2, set.problems().get(0).line());
    }

    private static List<String> trainedRuns(Preview preview) {
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (Piece p : preview.pieces()) {
            if (p.trained()) {
                run.append(p.text());
            } else if (run.length() > 0) {
                runs.add(run.toString());
                run.setLength(0);
            }
        }
        if (run.length() > 0) {
            runs.add(run.toString());
        }
        return runs.stream().collect(Collectors.toList());
    }
}
