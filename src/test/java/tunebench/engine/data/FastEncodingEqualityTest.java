package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.ChatTemplateException;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * The fast encoding path (cached template parse, lean and batched tokenizing, batched counts)
 * gives exactly the ids, labels and counts of the route it replaced: every sample file with the
 * bundled model, through its own template, ChatML and Alpaca. The reference below is that
 * route kept as it was: two renders to find the assistant's text, DJL's own encode per piece.
 */
class FastEncodingEqualityTest {

    private static final Path TINY = Path.of("assets/models/tunebench-tiny");
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';

    private static TextTokenizer tokenizer;
    private static HuggingFaceTokenizer djl;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = TextTokenizer.load(TINY);
        djl = HuggingFaceTokenizer.newInstance(Files.newInputStream(TINY.resolve("tokenizer.json")),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        djl.close();
    }

    static Stream<Arguments> filesAndTemplates() {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of("instructions.json", "instructions.jsonl", "preferences.jsonl",
                "flawed-chat.jsonl")) {
            for (String template : List.of("own", "chatml", "alpaca")) {
                out.add(Arguments.of(file, template));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with the {1} template")
    @MethodSource("filesAndTemplates")
    void encoderGivesTheOldIdsAndLabels(String file, String templateName) throws IOException {
        List<Conversation> conversations = conversations(examples(file));
        // Answers only and uncut; every token trained and cut at 48 (the truncation path).
        sameAsBefore(new SftEncoder(tokenizer, template(templateName), Integer.MAX_VALUE, false), conversations);
        sameAsBefore(new SftEncoder(tokenizer, template(templateName), 48, true), conversations);
    }

    private static void sameAsBefore(SftEncoder encoder, List<Conversation> conversations) {
        List<SftExample> kept = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Conversation c : conversations) {
            Ref ref = referenceOutcome(encoder, c);
            if (ref.refused()) {
                refusals.add(c.line() + ": " + ref.refusal());
                Exception thrown = assertThrows(RuntimeException.class, () -> encoder.encode(c));
                assertEquals(ref.refusal(), thrown.getMessage());
                continue;
            }
            SftExample actual = encoder.encode(c);
            assertArrayEquals(ref.example().inputIds(), actual.inputIds(), "ids, line " + c.line());
            assertArrayEquals(ref.example().labels(), actual.labels(), "labels, line " + c.line());
            assertEquals(ref.example().truncated(), actual.truncated());
            if (ref.example().hasLabels()) {
                kept.add(ref.example());
            }
        }
        EncodedDataset all = encoder.encodeAll(conversations);
        assertEquals(kept.size(), all.examples().size());
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(kept.get(i).inputIds(), all.examples().get(i).inputIds());
            assertArrayEquals(kept.get(i).labels(), all.examples().get(i).labels());
        }
        assertEquals(refusals, all.problems().stream().map(p -> p.line() + ": " + p.message()).toList());
    }

    @ParameterizedTest(name = "{0} with the {1} template")
    @MethodSource("filesAndTemplates")
    void countsAreTheOldCounts(String file, String templateName) throws IOException {
        List<Example> examples = examples(file);
        ChatTemplate template = template(templateName);
        SftEncoder unlimited = new SftEncoder(tokenizer, template, Integer.MAX_VALUE, false);
        int[] expected = new int[examples.size()];
        int refused = 0;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            Optional<SftExample> chosen = reference(unlimited, e.conversation());
            Optional<SftExample> rejected = e.isPreference()
                    ? reference(unlimited, e.rejectedConversation()) : chosen;
            expected[i] = chosen.isEmpty() || rejected.isEmpty() ? -1
                    : Math.max(chosen.get().length(), rejected.get().length());
            refused += expected[i] < 0 ? 1 : 0;
        }
        TemplateTokenCounter counter = new TemplateTokenCounter(tokenizer, template, 2048, "tiny");
        // On all cores, as the validator counts.
        int[] counted = IntStream.range(0, examples.size()).parallel().map(i -> {
            try {
                return counter.count(examples.get(i));
            } catch (IllegalArgumentException refusedToo) {
                return -1;
            }
        }).toArray();
        assertArrayEquals(expected, counted);
        List<Conversation> chosenSides = examples.stream().map(Example::conversation).toList();
        int[] previewed = new TemplatePreviewer(tokenizer, template, false)
                .lengths(chosenSides, done -> { }, () -> false);
        for (int i = 0; i < examples.size(); i++) {
            Optional<SftExample> chosen = reference(unlimited, chosenSides.get(i));
            assertEquals(chosen.map(SftExample::length).orElse(-1), previewed[i]);
        }
        assertTrue(refused >= (templateName.equals("alpaca") ? 2 : 1), "the refused path is exercised too");
    }

    private static ChatTemplate template(String name) {
        return name.equals("own") ? ChatTemplate.fromConfig(tokenizer.config()).orElseThrow()
                : ChatTemplate.named(name);
    }

    /** The file's examples and a few hard ones: refused, plain text, odd whitespace and characters. */
    private static List<Example> examples(String file) throws IOException {
        List<Example> out = new ArrayList<>(
                ExampleSet.read(DatasetDocument.read(Path.of("sample-data", file))).examples());
        int line = 100_000;
        out.add(new Example(List.of(ChatMessage.user("Weather?"), new ChatMessage("tool", "{\"t\": 21}"),
                ChatMessage.assistant("21 degrees.")), null, null, line++));
        out.add(new Example(List.of(ChatMessage.user("Mark \uE000 me"), ChatMessage.assistant("No.")),
                null, null, line++));
        out.add(new Example(List.of(new ChatMessage(Conversation.TEXT_ROLE, "  plain text, tokenised whole \n")),
                null, null, line++));
        out.add(new Example(List.of(ChatMessage.user("   "), ChatMessage.assistant(" \n ")), null, null, line++));
        out.add(new Example(List.of(ChatMessage.system("Ünïcödé 日本語 🙂"), ChatMessage.user("<|im_end|> inside"),
                ChatMessage.assistant("  padded answer\u2003\u0001  "), ChatMessage.user("again"),
                ChatMessage.assistant("</s><s>")), null, null, line++));
        out.add(new Example(List.of(ChatMessage.user("pick"), ChatMessage.assistant("")), "the other", null, line));
        return out;
    }

    private static List<Conversation> conversations(List<Example> examples) {
        List<Conversation> out = new ArrayList<>();
        for (Example e : examples) {
            out.add(e.conversation());
            if (e.isPreference()) {
                out.add(e.rejectedConversation());
            }
        }
        return out;
    }

    /** The old route's outcome: an example, or the message it was refused with. */
    private record Ref(SftExample example, String refusal) {
        boolean refused() {
            return example == null;
        }
    }

    private static Optional<SftExample> reference(SftEncoder encoder, Conversation conversation) {
        return Optional.ofNullable(referenceOutcome(encoder, conversation).example());
    }

    /** The old SftEncoder.encode, line for line. */
    private static Ref referenceOutcome(SftEncoder encoder, Conversation conversation) {
        ChatTemplate template = encoder.template();
        List<long[]> pieces = new ArrayList<>();
        List<Boolean> targets = new ArrayList<>();
        if (conversation.isPlainText()) {
            tokenizer.bosId().ifPresent(id -> add(pieces, targets, new long[] {id}, true));
            add(pieces, targets, djlEncode(conversation.messages().get(0).content()), true);
            tokenizer.eosId().ifPresent(id -> add(pieces, targets, new long[] {id}, true));
            return new Ref(join(pieces, targets, encoder), null);
        }
        String text;
        List<int[]> spans;
        try {
            text = template.render(conversation.messages(), false);
            spans = spans(template, conversation.messages(), text);
        } catch (ChatTemplateException | IllegalArgumentException e) {
            return new Ref(null, e.getMessage());
        }
        int pos = 0;
        if (tokenizer.needsBos(text)) {
            add(pieces, targets, new long[] {tokenizer.bosId().getAsLong()}, false);
        }
        for (int i = 0; i < spans.size(); i++) {
            int limit = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
            int end = turnEnd(text, spans.get(i)[1], limit, template);
            addText(pieces, targets, text.substring(pos, spans.get(i)[0]), false);
            addText(pieces, targets, text.substring(spans.get(i)[0], end), true);
            pos = end;
        }
        addText(pieces, targets, text.substring(pos), false);
        return new Ref(join(pieces, targets, encoder), null);
    }

    /** The old renderWithAssistantSpans: a second render with marked answers, checked against the first. */
    private static List<int[]> spans(ChatTemplate template, List<ChatMessage> messages, String plain) {
        List<ChatMessage> marked = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m.content().indexOf(OPEN) >= 0 || m.content().indexOf(CLOSE) >= 0) {
                throw new IllegalArgumentException(
                        "Message content contains private-use characters U+E000/U+E001");
            }
            marked.add(m.isAssistant() ? new ChatMessage(m.role(), mark(m.content())) : m);
        }
        String text = template.render(marked, false);
        StringBuilder out = new StringBuilder();
        List<int[]> spans = new ArrayList<>();
        int open = -1;
        boolean unpaired = false;
        for (char c : text.toCharArray()) {
            if (c == OPEN) {
                unpaired |= open >= 0;
                open = out.length();
            } else if (c == CLOSE) {
                unpaired |= open < 0;
                if (open >= 0) {
                    spans.add(new int[] {open, out.length()});
                }
                open = -1;
            } else {
                out.append(c);
            }
        }
        if (unpaired || open >= 0 || !out.toString().equals(plain)) {
            throw new ChatTemplateException("The '" + template.name() + "' chat template rewrites"
                    + " assistant content, so the assistant's part of the text cannot be located");
        }
        return spans;
    }

    private static String mark(String content) {
        int start = 0;
        int end = content.length();
        while (start < end && Character.isWhitespace(content.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(content.charAt(end - 1))) {
            end--;
        }
        return content.substring(0, start) + OPEN + content.substring(start, end) + CLOSE
                + content.substring(end);
    }

    private static int turnEnd(String text, int contentEnd, int limit, ChatTemplate template) {
        List<String> markers = new ArrayList<>();
        if (!template.eosToken().isEmpty()) {
            markers.add(template.eosToken());
        }
        markers.addAll(List.of("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>",
                "<|endoftext|>", "<|end_of_text|>"));
        int i = contentEnd;
        while (i < limit && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        for (String marker : markers) {
            if (i + marker.length() <= limit && text.startsWith(marker, i)) {
                return i + marker.length();
            }
        }
        return contentEnd;
    }

    private static long[] djlEncode(String text) {
        return djl.encode(text, false, false).getIds();
    }

    private static void addText(List<long[]> pieces, List<Boolean> targets, String text, boolean target) {
        if (!text.isEmpty()) {
            add(pieces, targets, djlEncode(text), target);
        }
    }

    private static void add(List<long[]> pieces, List<Boolean> targets, long[] ids, boolean target) {
        pieces.add(ids);
        targets.add(target);
    }

    private static SftExample join(List<long[]> pieces, List<Boolean> targets, SftEncoder encoder) {
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        int length = Math.min(total, encoder.maxLength());
        long[] ids = new long[length];
        long[] labels = new long[length];
        int at = 0;
        for (int p = 0; p < pieces.size() && at < length; p++) {
            int n = Math.min(pieces.get(p).length, length - at);
            System.arraycopy(pieces.get(p), 0, ids, at, n);
            boolean labeled = encoder.trainOnPrompt() || targets.get(p);
            for (int k = 0; k < n; k++) {
                labels[at + k] = labeled ? pieces.get(p)[k] : SftExample.IGNORE;
            }
            at += n;
        }
        return new SftExample(ids, labels, total > encoder.maxLength());
    }
}
