package tunebench.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.ChatTemplateException;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * An example exactly as training sees it: rendered with the chat template and tokenized by
 * {@link SftEncoder} itself (so the trained tokens are the ones with a label), then split into
 * token pieces with their text, never truncated, so a preview can show what a max length cuts.
 * Also counts the tokens of whole files fast enough for a length histogram of 100,000 examples.
 */
public final class TemplatePreviewer {

    private static final char REPLACEMENT = '\uFFFD';
    private static final int BATCH = 256;

    /**
     * One token: its id, the text it stands for, whether the loss is taken on it, whether it is
     * a special token, and where its text sits in {@link Preview#text()}. A character split
     * over several byte tokens is given to the last of them; the others have empty text.
     */
    public record Piece(long id, String text, boolean trained, boolean special, int start, int end) {}

    /** A rendered example: its pieces and counts, and the whole text they spell. */
    public record Preview(List<Piece> pieces, int trained, String text, String template) {

        public Preview {
            pieces = List.copyOf(pieces);
        }

        public int tokens() {
            return pieces.size();
        }

        /** Tokens a run with this max length would drop; 0 when it fits. */
        public int overBy(int maxLength) {
            return Math.max(0, tokens() - maxLength);
        }
    }

    private final TextTokenizer tokenizer;
    private final SftEncoder encoder;

    /** The template as given (rendered with the tokenizer's BOS/EOS when it has none). */
    public TemplatePreviewer(TextTokenizer tokenizer, ChatTemplate template, boolean trainOnPrompt) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        // No truncation: the preview shows the whole example and says how far it runs over.
        this.encoder = new SftEncoder(tokenizer, template, Integer.MAX_VALUE, trainOnPrompt);
    }

    /** The template training picks when a run names none ({@link SftEncoder#defaultTemplate}). */
    public static TemplatePreviewer forFormat(TextTokenizer tokenizer, DataFormat format) {
        String label = format == null ? DataFormat.MESSAGES.label() : format.label();
        return new TemplatePreviewer(tokenizer, SftEncoder.defaultTemplate(tokenizer, label), false);
    }

    public ChatTemplate template() {
        return encoder.template();
    }


    /**
     * The conversation rendered and tokenized as training would, in pieces.
     *
     * @throws ChatTemplateException when the template refuses the conversation
     * @throws IllegalArgumentException when its text holds characters the encoder reserves
     */
    public Preview preview(Conversation conversation) {
        SftExample encoded = encoder.encode(conversation);
        long[] ids = encoded.inputIds();
        long[] labels = encoded.labels();
        String[] texts = pieceTexts(ids);
        List<Piece> pieces = new ArrayList<>(ids.length);
        StringBuilder text = new StringBuilder();
        int trained = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean target = labels[i] != SftExample.IGNORE;
            trained += target ? 1 : 0;
            int start = text.length();
            text.append(texts[i]);
            pieces.add(new Piece(ids[i], texts[i], target, tokenizer.isSpecial(ids[i]), start, text.length()));
        }
        return new Preview(pieces, trained, text.toString(), encoder.template().name());
    }

    /** Tokens of the conversation after the template, untruncated. */
    public int length(Conversation conversation) {
        return encoder.encode(conversation).length();
    }

    /** Every conversation's token count, in order; see {@link #lengths(List, int[], IntConsumer, BooleanSupplier)}. */
    public int[] lengths(List<Conversation> conversations, IntConsumer progress, BooleanSupplier cancelled) {
        int[] out = new int[conversations.size()];
        lengths(conversations, out, progress, cancelled);
        return out;
    }

    /**
     * Fills {@code out} with each conversation's token count on all cores (the tokenizer and
     * the template engine are thread-safe), a batch at a time through
     * {@link SftEncoder#lengths}; one the template refuses counts -1, one not reached
     * yet stays 0. Each batch takes every k-th conversation, so the counts done at any moment
     * are a fair sample of the file, for a chart that fills in as it goes. {@code progress} is
     * told how many are done, from worker threads; {@code cancelled} stops at the next batch.
     */
    public void lengths(List<Conversation> conversations, int[] out, IntConsumer progress,
            BooleanSupplier cancelled) {
        int n = conversations.size();
        int batches = Math.max(1, (n + BATCH - 1) / BATCH);
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, batches).parallel().forEach(b -> {
            if (cancelled.getAsBoolean()) {
                return;
            }
            List<Conversation> batch = new ArrayList<>();
            for (int i = b; i < n; i += batches) {
                batch.add(conversations.get(i));
            }
            int[] counts = encoder.lengths(batch);
            for (int k = 0, i = b; i < n; k++, i += batches) {
                out[i] = counts[k];
            }
            progress.accept(done.addAndGet(batch.size()));
        });
    }

    /**
     * Each token's text, found the way streaming detokenizers do (transformers'
     * TextStreamer): decode a short window before and through the token and keep what it adds,
     * so tokenizers whose decoder drops a leading space on a lone token, and characters split
     * over byte tokens, still come out right.
     */
    private String[] pieceTexts(long[] ids) {
        String[] texts = new String[ids.length];
        int prefixOffset = 0;
        int readOffset = 0;
        for (int i = 0; i < ids.length; i++) {
            String prefix = decode(ids, prefixOffset, readOffset);
            String full = decode(ids, prefixOffset, i + 1);
            boolean complete = full.isEmpty() || full.charAt(full.length() - 1) != REPLACEMENT;
            if (complete && full.length() >= prefix.length() && full.startsWith(prefix)) {
                for (int j = readOffset; j < i; j++) {
                    texts[j] = "";
                }
                texts[i] = full.substring(prefix.length());
                prefixOffset = readOffset;
                readOffset = i + 1;
            } else if (i == ids.length - 1 || i - readOffset >= 8) {
                // Never completes (an invalid byte run): show what the tokens decode to alone.
                for (int j = readOffset; j <= i; j++) {
                    texts[j] = decode(ids, j, j + 1);
                }
                prefixOffset = i + 1;
                readOffset = i + 1;
            }
        }
        return texts;
    }

    private String decode(long[] ids, int from, int to) {
        if (from >= to) {
            return "";
        }
        long[] window = new long[to - from];
        System.arraycopy(ids, from, window, 0, window.length);
        return tokenizer.decode(window, false);
    }
}
