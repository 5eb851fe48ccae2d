package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;

/**
 * The fast paths under the encoder: a template parsed once renders exactly as Jinjava parsing
 * it every time (on any thread), and ids straight from the Rust tokenizer, one by one or in a
 * batch, are DJL's own {@code encode} ids.
 */
class FastRenderAndEncodeTest {

    private static final Path TINY = Path.of("assets/models/tunebench-tiny");
    private static final List<String> SAMPLES = List.of("instructions.json", "instructions.jsonl",
            "preferences.jsonl", "flawed-chat.jsonl");

    @Test
    void aParsedTemplateRendersAsParsingEveryTime() throws IOException {
        List<List<ChatMessage>> chats = chats();
        for (ChatTemplate template : templates()) {
            for (List<ChatMessage> chat : chats) {
                for (boolean prompt : new boolean[] {false, true}) {
                    assertEquals(uncached(template, chat, prompt), outcome(() -> template.render(chat, prompt)),
                            template.name() + " on " + chat);
                }
            }
        }
    }

    @Test
    void rendersOnManyThreadsAsOnOne() throws IOException {
        List<List<ChatMessage>> chats = chats();
        for (ChatTemplate template : templates()) {
            List<String> serial = chats.stream().map(c -> outcome(() -> template.render(c, false))).toList();
            List<String> parallel = IntStream.range(0, chats.size()).parallel()
                    .mapToObj(i -> outcome(() -> template.render(chats.get(i), false))).toList();
            assertEquals(serial, parallel, template.name());
        }
    }

    @Test
    void onlyTheBuiltInTemplatesSkipTheCheckingRender() throws IOException {
        List<ChatTemplate> all = templates();
        assertEquals(List.of(true, true, false, false, false, false, true),
                all.stream().map(ChatTemplate::copiesContentVerbatim).toList());
        // A template that tests the content is caught by the second render, built-in name or not.
        ChatTemplate testing = new ChatTemplate("chatml", "{% for m in messages %}"
                + "{% if m.content|length > 3 %}{{ m.content }}{% else %}short{% endif %}{% endfor %}", "", "");
        assertThrows(ChatTemplateException.class,
                () -> testing.renderWithAssistantSpans(List.of(ChatMessage.assistant("abc")), false));
    }

    @Test
    void templatesThatDoNotParseFailAsBefore() {
        ChatTemplate broken = ChatTemplate.of("{% for m in messages %}{{ m.content }}");
        List<ChatMessage> chat = List.of(ChatMessage.user("hi"));
        ChatTemplateException first = assertThrows(ChatTemplateException.class, () -> broken.render(chat, false));
        ChatTemplateException again = assertThrows(ChatTemplateException.class, () -> broken.render(chat, false));
        assertEquals(uncached(broken, chat, false), "threw " + first.getMessage());
        assertEquals(first.getMessage(), again.getMessage());
    }

    @Test
    void leanAndBatchedIdsAreDjlsIds() throws IOException {
        List<String> texts = new ArrayList<>(List.of("", " ", "\n\n", "<s>hello</s>", "<|im_start|>user\nhi<|im_end|>",
                "Ünïcödé 日本語 🙂 \u0000\u0001 \uE000", "a".repeat(5000)));
        for (List<ChatMessage> chat : chats()) {
            chat.forEach(m -> texts.add(m.content()));
        }
        try (TextTokenizer tokenizer = TextTokenizer.load(TINY);
                HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(
                        Files.newInputStream(TINY.resolve(TextTokenizer.FILE_NAME)),
                        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
            for (boolean special : new boolean[] {false, true}) {
                List<long[]> batch = tokenizer.encodeBatch(texts, special);
                assertEquals(texts.size(), batch.size());
                for (int i = 0; i < texts.size(); i++) {
                    long[] expected = djl.encode(texts.get(i), special, false).getIds();
                    assertArrayEquals(expected, tokenizer.encode(texts.get(i), special), texts.get(i));
                    assertArrayEquals(expected, batch.get(i), texts.get(i));
                }
            }
            assertEquals(List.of(), tokenizer.encodeBatch(List.of()));
            List<String> withNull = new ArrayList<>(List.of("a"));
            withNull.add(null);
            assertThrows(NullPointerException.class, () -> tokenizer.encodeBatch(withNull));
        }
    }

    private static List<ChatTemplate> templates() throws IOException {
        List<ChatTemplate> out = new ArrayList<>(List.of(ChatTemplate.chatml(),
                ChatTemplate.alpaca().withTokens("<s>", "</s>")));
        for (String name : List.of("qwen2_5-instruct", "qwen2-instruct", "llama3-instruct", "mistral-instruct-v0.1")) {
            out.add(ChatTemplate.fromConfig(TokenizerConfig.load(Fixtures.dir(name))).orElseThrow());
        }
        out.add(ChatTemplate.fromConfig(TokenizerConfig.load(TINY)).orElseThrow());
        return out;
    }

    /** Sample conversations, and each again with its answers marked as span-finding marks them. */
    private static List<List<ChatMessage>> chats() throws IOException {
        List<List<ChatMessage>> out = new ArrayList<>();
        for (String file : SAMPLES) {
            List<Example> examples = ExampleSet.read(DatasetDocument.read(Path.of("sample-data", file))).examples();
            // Every 10th is plenty for the engine (the encoder test covers every example).
            for (int i = 0; i < examples.size(); i += examples.size() > 100 ? 10 : 1) {
                Example e = examples.get(i);
                out.add(e.messages());
                out.add(e.messages().stream().map(m -> m.isAssistant()
                        ? new ChatMessage(m.role(), '\uE000' + m.content() + '\uE001') : m).toList());
            }
        }
        return out;
    }

    private static String uncached(ChatTemplate template, List<ChatMessage> chat, boolean prompt) {
        return outcome(() -> JinjaEngine.renderUncached(template.source(), template.bindings(chat, prompt, Map.of())));
    }

    /** The text, or what was thrown: both paths must agree on refusals too. */
    private static String outcome(java.util.function.Supplier<String> render) {
        try {
            return Objects.requireNonNull(render.get());
        } catch (RuntimeException e) {
            return "threw " + e.getMessage();
        }
    }
}
