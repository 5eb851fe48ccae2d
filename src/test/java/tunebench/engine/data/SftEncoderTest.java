package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;

/** Labels on the assistant's answer and its end-of-turn token only, with the tiny-bpe tokenizer. */
class SftEncoderTest {

    private static final Conversation CHAT = Conversation.of(
            ChatMessage.system("You are terse."),
            ChatMessage.user("What is the capital of France?"),
            ChatMessage.assistant("Paris is the capital."));

    private static TextTokenizer tok;

    @BeforeAll
    static void load() throws IOException {
        tok = TinyBpe.load();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void plainTextIsBosTextEosWithEveryTokenATarget() {
        Conversation text = new Conversation(List.of(new ChatMessage(Conversation.TEXT_ROLE, "the sky is blue")), 1);
        SftExample example = new SftEncoder(tok, ChatTemplate.chatml(), 1024, false).encode(text);
        assertEquals("<s>the sky is blue</s>", tok.decode(example.inputIds()));
        assertArrayEquals(example.inputIds(), example.labels());
    }

    @Test
    void chatmlLabelsExactlyTheAnswerAndImEnd() {
        SftExample example = new SftEncoder(tok, ChatTemplate.chatml(), 1024, false).encode(CHAT);
        assertEquals(List.of("Paris is the capital.<|im_end|>"), labeledRuns(example));
        assertFalse(example.truncated());
    }

    @Test
    void piecewiseTokensMatchTokenizingTheWholeText() {
        SftExample example = new SftEncoder(tok, ChatTemplate.chatml(), 1024, false).encode(CHAT);
        String text = ChatTemplate.chatml().render(CHAT.messages(), false);
        assertArrayEquals(tok.encode(text, false), example.inputIds());
        assertEquals(text, tok.decode(example.inputIds()));
    }

    @Test
    void everyAssistantTurnIsLabeled() {
        Conversation twoTurns = Conversation.of(ChatMessage.user("2+2?"),
                ChatMessage.assistant("4"), ChatMessage.user("And hello the?"),
                ChatMessage.assistant("hello the end"));
        SftExample example =
                new SftEncoder(tok, ChatTemplate.chatml(), 1024, false).encode(twoTurns);
        assertEquals(List.of("4<|im_end|>", "hello the end<|im_end|>"), labeledRuns(example));
    }

    @Test
    void trainOnPromptMasksNothing() {
        SftExample example = new SftEncoder(tok, ChatTemplate.chatml(), 1024, true).encode(CHAT);
        assertArrayEquals(example.inputIds(), example.labels());
        assertEquals(ChatTemplate.chatml().render(CHAT.messages(), false),
                tok.decode(example.labels()));
    }

    @Test
    void alpacaLabelsTheOutputAndEos() {
        Conversation alpaca = Conversation.of(ChatMessage.user("Name a colour."),
                ChatMessage.assistant("Blue."));
        // tiny-bpe ships no chat template, so Alpaca data gets the Alpaca prompt with its EOS.
        ChatTemplate template = SftEncoder.defaultTemplate(tok, "alpaca");
        assertEquals("alpaca", template.name());
        SftExample example = new SftEncoder(tok, template, 1024, false).encode(alpaca);
        assertEquals(List.of("Blue.</s>"), labeledRuns(example));
        assertTrue(tok.decode(example.inputIds()).startsWith("Below is an instruction"));
        // The bare built-in template is given the tokenizer's EOS too.
        SftExample bare = new SftEncoder(tok, ChatTemplate.alpaca(), 1024, false).encode(alpaca);
        assertArrayEquals(example.labels(), bare.labels());
    }

    @Test
    void truncationKeepsTheStartAndDropsExamplesWithNoLabelLeft() {
        SftEncoder unlimited = new SftEncoder(tok, ChatTemplate.chatml(), 1024, false);
        Conversation shortOne =
                Conversation.of(ChatMessage.user("hi"), ChatMessage.assistant("ok"));
        Conversation answerCut = Conversation.of(ChatMessage.user("hi"),
                ChatMessage.assistant("a long answer that runs past the limit"));
        Conversation answerLost = Conversation.of(
                ChatMessage.user("a question so long that the answer never fits in"),
                ChatMessage.assistant("lost"));
        int limit = 30;
        assertTrue(unlimited.encode(shortOne).length() <= limit);

        SftEncoder encoder = new SftEncoder(tok, ChatTemplate.chatml(), limit, false);
        EncodedDataset encoded = encoder.encodeAll(List.of(shortOne, answerCut, answerLost));
        assertEquals(2, encoded.truncated());
        assertEquals(1, encoded.dropped());
        assertEquals(2, encoded.examples().size());
        SftExample cut = encoded.examples().get(1);
        assertTrue(cut.truncated());
        assertEquals(limit, cut.length());
        assertArrayEquals(Arrays.copyOf(unlimited.encode(answerCut).inputIds(), limit),
                cut.inputIds());
    }

    @Test
    void conversationsTheTemplateRefusesBecomeProblems() {
        Conversation withTool = new Conversation(List.of(ChatMessage.user("x"),
                new ChatMessage("tool", "y"), ChatMessage.assistant("z")), 7);
        EncodedDataset encoded = new SftEncoder(tok, ChatTemplate.alpaca(), 1024, false)
                .encodeAll(List.of(withTool));
        assertEquals(0, encoded.examples().size());
        assertEquals(7, encoded.problems().get(0).line());
        assertEquals(DataProblem.TEMPLATE, encoded.problems().get(0).kind());
    }

    /** Decoded text of each maximal run of labeled tokens. */
    static List<String> labeledRuns(SftExample example) {
        List<String> runs = new ArrayList<>();
        List<Long> run = new ArrayList<>();
        for (int i = 0; i <= example.length(); i++) {
            boolean labeled = i < example.length() && example.labels()[i] != SftExample.IGNORE;
            if (labeled) {
                assertEquals(example.inputIds()[i], example.labels()[i]);
                run.add(example.labels()[i]);
            } else if (!run.isEmpty()) {
                runs.add(tok.decode(run.stream().mapToLong(Long::longValue).toArray()));
                run.clear();
            }
        }
        return runs;
    }
}
