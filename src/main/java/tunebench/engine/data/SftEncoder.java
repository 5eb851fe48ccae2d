package tunebench.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.ChatTemplateException;
import tunebench.engine.model.tokenizer.RenderedChat;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * Turns conversations into training sequences with the loss on the assistant's turns only
 * (TRL's {@code assistant_only_loss}), each turn's end-of-turn token included so the model
 * learns to stop. Truncation keeps the start (TRL default {@code truncation_mode="keep_start"}).
 */
public final class SftEncoder {

    // End-of-turn tokens of common templates, looked for right after an assistant's content
    // (ChatML/Qwen, Llama 3, Phi-3, Gemma, GPT-style); the template's EOS is tried first.
    private static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|eot_id|>",
            "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>");

    // Pieces up to this many characters are remembered, up to this many of them.
    private static final int SHORT = 32;
    private static final int SHORT_PIECES = 4096;

    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final int maxLength;
    private final boolean trainOnPrompt;
    private final List<String> endMarkers;
    private final Map<String, long[]> shortPieces = new ConcurrentHashMap<>();

    /**
     * @param template      rendered with the tokenizer's BOS/EOS when it has none of its own
     *                      (the built-in ones), as {@code apply_chat_template} always passes them
     * @param maxLength     tokens kept per example; longer ones are cut at the end
     * @param trainOnPrompt label every token (system, user, scaffolding too), not just the answers
     */
    public SftEncoder(TextTokenizer tokenizer, ChatTemplate template, int maxLength,
            boolean trainOnPrompt) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(template, "template");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, not " + maxLength);
        }
        this.template = template.bosToken().isEmpty() && template.eosToken().isEmpty()
                ? template.withTokens(tokenizer.config())
                : template;
        this.maxLength = maxLength;
        this.trainOnPrompt = trainOnPrompt;
        Set<String> markers = new LinkedHashSet<>();
        if (!this.template.eosToken().isEmpty()) {
            markers.add(this.template.eosToken());
        }
        markers.addAll(END_OF_TURN);
        this.endMarkers = List.copyOf(markers);
    }

    /**
     * The template to train with when the user picked none: the checkpoint's own; for a base
     * model, Alpaca for Alpaca data (its native prompt) and ChatML for chat data.
     */
    public static ChatTemplate defaultTemplate(TextTokenizer tokenizer, String format) {
        return ChatTemplate.fromConfig(tokenizer.config())
                .orElseGet(() -> DataFormat.ALPACA.label().equals(format)
                        ? ChatTemplate.alpaca().withTokens(tokenizer.config())
                        : ChatTemplate.chatml());
    }

    public ChatTemplate template() {
        return template;
    }

    public int maxLength() {
        return maxLength;
    }

    public boolean trainOnPrompt() {
        return trainOnPrompt;
    }

    /**
     * Encodes every conversation, dropping those with no label left after truncation (TRL
     * drops fully-masked examples) and those the template refuses (reported as problems).
     * {@code truncated} counts every example cut, dropped ones included. Encodes on all cores
     * (the template engine and the tokenizer are thread-safe), in the given order.
     */
    public EncodedDataset encodeAll(List<Conversation> conversations) {
        Object[] encoded = new Object[conversations.size()]; // an SftExample or why it was refused
        IntStream.range(0, conversations.size()).parallel().forEach(i -> {
            try {
                encoded[i] = encode(conversations.get(i));
            } catch (ChatTemplateException | IllegalArgumentException e) {
                encoded[i] = e;
            }
        });
        List<SftExample> examples = new ArrayList<>(conversations.size());
        List<DataProblem> problems = new ArrayList<>();
        int truncated = 0;
        int dropped = 0;
        for (int i = 0; i < encoded.length; i++) {
            if (encoded[i] instanceof RuntimeException e) {
                problems.add(new DataProblem(conversations.get(i).line(), DataProblem.TEMPLATE,
                        e.getMessage()));
                continue;
            }
            SftExample example = (SftExample) encoded[i];
            truncated += example.truncated() ? 1 : 0;
            if (example.hasLabels()) {
                examples.add(example);
            } else {
                dropped++;
            }
        }
        return new EncodedDataset(examples, truncated, dropped, problems);
    }

    /**
     * Renders the conversation (no generation prompt) and tokenizes it piece by piece: the text
     * before each assistant turn, the turn's content through its end-of-turn token, and the
     * rest. Piecewise tokenization needs no character offsets and keeps BPE from merging across
     * a prompt/answer boundary, so labels line up exactly (LLaMA-Factory encodes the same way).
     * Special tokens are not added: the template writes BOS itself, and adding it again would
     * double it.
     *
     * @throws ChatTemplateException when the template refuses the conversation or rewrites the
     *                               assistant's content so it cannot be located
     */
    public SftExample encode(Conversation conversation) {
        Pieces pieces = pieces(conversation);
        return join(pieces.ids(), pieces.targets());
    }

    /**
     * Tokens of each conversation as {@link #encode} gives them before any cut at max length;
     * -1 for one the template refuses. On all cores, in the given order.
     */
    public int[] lengths(List<Conversation> conversations) {
        return IntStream.range(0, conversations.size()).parallel().map(i -> {
            try {
                return pieces(conversations.get(i)).ids().stream().mapToInt(p -> p.length).sum();
            } catch (ChatTemplateException | IllegalArgumentException e) {
                return -1;
            }
        }).toArray();
    }

    /** An example's token pieces, each with whether the loss is taken on it. */
    private record Pieces(List<long[]> ids, List<Boolean> targets) {}

    private Pieces pieces(Conversation conversation) {
        if (conversation.isPlainText()) {
            return encodeText(conversation.messages().get(0).content());
        }
        RenderedChat chat = template.renderWithAssistantSpans(conversation.messages(), false);
        String text = chat.text();
        List<RenderedChat.Span> spans = chat.assistantSpans();
        List<long[]> pieces = new ArrayList<>();
        List<Boolean> targets = new ArrayList<>();
        int pos = 0;
        if (tokenizer.needsBos(text)) {
            pieces.add(new long[] {tokenizer.bosId().getAsLong()}); // see TextTokenizer#encodeChat
            targets.add(false);
        }
        for (int i = 0; i < spans.size(); i++) {
            RenderedChat.Span span = spans.get(i);
            int limit = i + 1 < spans.size() ? spans.get(i + 1).start() : text.length();
            int end = turnEnd(text, span.end(), limit);
            addPiece(text.substring(pos, span.start()), false, pieces, targets);
            addPiece(text.substring(span.start(), end), true, pieces, targets);
            pos = end;
        }
        addPiece(text.substring(pos), false, pieces, targets);
        return new Pieces(pieces, targets);
    }

    /**
     * Plain text for language modelling: bos, the text, eos, every token a target (no chat
     * template), as TRL treats a "text" dataset; cut at max length from the end.
     */
    private Pieces encodeText(String text) {
        long[] body = tokenizer.encode(text, false);
        List<long[]> pieces = new ArrayList<>();
        List<Boolean> targets = new ArrayList<>();
        tokenizer.bosId().ifPresent(id -> {
            pieces.add(new long[] {id});
            targets.add(true);
        });
        pieces.add(body);
        targets.add(true);
        tokenizer.eosId().ifPresent(id -> {
            pieces.add(new long[] {id});
            targets.add(true);
        });
        return new Pieces(pieces, targets);
    }

    /**
     * Where the assistant's turn ends: through the end-of-turn token that follows its content
     * (after whitespace only), or at the content's end when the template writes none there.
     */
    private int turnEnd(String text, int contentEnd, int limit) {
        int i = contentEnd;
        while (i < limit && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        for (String marker : endMarkers) {
            if (i + marker.length() <= limit && text.startsWith(marker, i)) {
                return i + marker.length();
            }
        }
        return contentEnd;
    }

    private void addPiece(String piece, boolean target, List<long[]> pieces,
            List<Boolean> targets) {
        if (!piece.isEmpty()) {
            pieces.add(piece.length() <= SHORT ? shortPiece(piece) : tokenizer.encode(piece, false));
            targets.add(target);
        }
    }

    /**
     * A short piece's ids, remembered: the scaffolding after the last answer ("\n" in ChatML,
     * "\n\n" in Alpaca) is the same in every example, a third of the tokenizer calls. The same
     * text always has the same ids; the arrays are only ever copied from.
     */
    private long[] shortPiece(String piece) {
        long[] ids = shortPieces.get(piece);
        if (ids == null) {
            ids = tokenizer.encode(piece, false);
            if (shortPieces.size() < SHORT_PIECES) {
                shortPieces.put(piece, ids);
            }
        }
        return ids;
    }

    private SftExample join(List<long[]> pieces, List<Boolean> targets) {
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        int length = Math.min(total, maxLength);
        long[] ids = new long[length];
        long[] labels = new long[length];
        int at = 0;
        for (int p = 0; p < pieces.size() && at < length; p++) {
            long[] piece = pieces.get(p);
            boolean labeled = trainOnPrompt || targets.get(p);
            int n = Math.min(piece.length, length - at);
            System.arraycopy(piece, 0, ids, at, n);
            if (labeled) {
                System.arraycopy(piece, 0, labels, at, n);
            } else {
                Arrays.fill(labels, at, at + n, SftExample.IGNORE);
            }
            at += n;
        }
        return new SftExample(ids, labels, total > maxLength);
    }
}
