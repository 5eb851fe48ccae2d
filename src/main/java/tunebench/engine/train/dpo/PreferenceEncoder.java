package tunebench.engine.train.dpo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import tunebench.engine.data.DataProblem;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.ChatTemplateException;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * Turns preference pairs into token ids as TRL's DPOTrainer does ({@code tokenize_row},
 * TRL 0.7.11, the version our fixture was made with; https://github.com/huggingface/trl).
 *
 * <p>With a chat template the prompt is rendered with the generation prompt, and each reply is
 * what the template adds for an assistant turn, through its end-of-turn token (TRL's
 * conversational path: completion = render(prompt + reply) minus render(prompt)). Without one
 * (raw text, TRL's plain path) the prompt gets BOS in front and each reply EOS behind.
 * Prompt and reply are tokenized apart, so BPE never merges across the boundary and the labels
 * start exactly at the reply (as {@code SftEncoder} does).
 *
 * <p>Truncation follows TRL's tokenize_row: when prompt + longer reply exceed
 * {@code maxLength}, the prompt keeps its last {@code maxPromptLength} tokens (TRL's
 * {@code truncation_mode="keep_end"} default of that version: the question nearest the answer
 * survives), and if still too long both replies keep their first
 * {@code maxLength - maxPromptLength}. Unlike TRL 0.7.11, which added BOS before cutting and so
 * could cut it off, BOS stays first.
 */
public final class PreferenceEncoder {

    /** TRL DPOConfig's later defaults (max_length 1024, max_prompt_length 512). */
    public static final int DEFAULT_MAX_LENGTH = 1024;
    public static final int DEFAULT_MAX_PROMPT_LENGTH = 512;

    // End-of-turn tokens of common templates, looked for right after a reply's content
    // (ChatML/Qwen, Llama 3, Phi-3, Gemma, GPT-style); the template's EOS is tried first.
    private static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|eot_id|>",
            "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>");

    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final int maxLength;
    private final int maxPromptLength;
    private final List<String> endMarkers;

    /** @param template how to render prompts and replies, or null for raw text (no template) */
    public PreferenceEncoder(TextTokenizer tokenizer, ChatTemplate template, int maxLength,
            int maxPromptLength) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        checkLengths(maxLength, maxPromptLength);
        this.template = template == null || !(template.bosToken().isEmpty() && template.eosToken().isEmpty())
                ? template
                : template.withTokens(tokenizer.config());
        this.maxLength = maxLength;
        this.maxPromptLength = maxPromptLength;
        Set<String> markers = new LinkedHashSet<>();
        if (this.template != null && !this.template.eosToken().isEmpty()) {
            markers.add(this.template.eosToken());
        }
        markers.addAll(END_OF_TURN);
        this.endMarkers = List.copyOf(markers);
    }

    /** What encoding a whole dataset gave: the examples, the pairs refused, how many were cut. */
    public record Encoded(List<PreferenceExample> examples, List<DataProblem> problems,
            int truncated) {}

    public Encoded encodeAll(List<PreferencePair> pairs) {
        List<PreferenceExample> examples = new ArrayList<>(pairs.size());
        List<DataProblem> problems = new ArrayList<>();
        int truncated = 0;
        for (PreferencePair pair : pairs) {
            try {
                PreferenceExample e = encode(pair);
                examples.add(e);
                truncated += e.truncated() ? 1 : 0;
            } catch (ChatTemplateException | IllegalArgumentException e) {
                problems.add(new DataProblem(pair.line(), DataProblem.TEMPLATE, e.getMessage()));
            }
        }
        return new Encoded(examples, problems, truncated);
    }

    /** @throws ChatTemplateException when the template refuses the conversation */
    public PreferenceExample encode(PreferencePair pair) {
        if (template == null) {
            if (pair.prompt().size() != 1) {
                throw new IllegalArgumentException("a multi-turn prompt needs a chat template");
            }
            return fromIds(tokenizer.encode(pair.prompt().get(0).content(), false),
                    tokenizer.encode(pair.chosen(), false), tokenizer.encode(pair.rejected(), false),
                    tokenizer.bosId(), tokenizer.eosId(), maxLength, maxPromptLength, pair.line());
        }
        String promptText = template.render(pair.prompt(), true);
        long[] prompt = tokenizer.encodeChat(promptText);
        long[] chosen = reply(pair.prompt(), promptText, pair.chosen());
        long[] rejected = reply(pair.prompt(), promptText, pair.rejected());
        return truncate(prompt, chosen, rejected, bosOf(prompt), maxLength, maxPromptLength,
                pair.line());
    }

    /** The reply's tokens: what its assistant turn adds to the prompt, EOS behind if none. */
    private long[] reply(List<ChatMessage> prompt, String promptText, String reply) {
        List<ChatMessage> turns = new ArrayList<>(prompt);
        turns.add(ChatMessage.assistant(reply));
        String full = template.render(turns, false);
        if (!full.startsWith(promptText)) {
            throw new ChatTemplateException("The '" + template.name() + "' chat template renders"
                    + " the prompt differently once a reply follows, so the reply cannot be cut out");
        }
        String completion = full.substring(promptText.length());
        String content = reply.strip();
        int at = completion.indexOf(content);
        int end = at < 0 ? completion.length() : at + content.length();
        int i = end;
        while (i < completion.length() && Character.isWhitespace(completion.charAt(i))) {
            i++;
        }
        for (String marker : endMarkers) {
            if (completion.startsWith(marker, i)) {
                return tokenizer.encode(completion.substring(0, i + marker.length()), false);
            }
        }
        // No end-of-turn token (a bare template): end with EOS as TRL's plain path does.
        return withEos(tokenizer.encode(completion.substring(0, end), false), tokenizer.eosId());
    }

    /**
     * TRL's tokenize_row on ids: BOS before the prompt and EOS after each reply (when the
     * tokenizer has them and they are not there yet), then truncation as the class says.
     */
    public static PreferenceExample fromIds(long[] prompt, long[] chosen, long[] rejected,
            OptionalLong bos, OptionalLong eos, int maxLength, int maxPromptLength, int line) {
        checkLengths(maxLength, maxPromptLength);
        long[] p = prompt;
        if (bos.isPresent() && (p.length == 0 || p[0] != bos.getAsLong())) {
            p = new long[prompt.length + 1];
            p[0] = bos.getAsLong();
            System.arraycopy(prompt, 0, p, 1, prompt.length);
        }
        return truncate(p, withEos(chosen, eos), withEos(rejected, eos), bos, maxLength,
                maxPromptLength, line);
    }

    private static PreferenceExample truncate(long[] prompt, long[] chosen, long[] rejected,
            OptionalLong bos, int maxLength, int maxPromptLength, int line) {
        int longer = Math.max(chosen.length, rejected.length);
        boolean cut = false;
        if (prompt.length + longer > maxLength && prompt.length > maxPromptLength) {
            boolean keepBos = bos.isPresent() && prompt[0] == bos.getAsLong();
            long[] kept = new long[maxPromptLength];
            int from = keepBos ? 1 : 0;
            System.arraycopy(prompt, prompt.length - (maxPromptLength - from), kept, from,
                    maxPromptLength - from);
            if (keepBos) {
                kept[0] = prompt[0];
            }
            prompt = kept;
            cut = true;
        }
        if (prompt.length + longer > maxLength) {
            int keep = maxLength - maxPromptLength;
            cut |= chosen.length > keep || rejected.length > keep;
            chosen = Arrays.copyOf(chosen, Math.min(chosen.length, keep));
            rejected = Arrays.copyOf(rejected, Math.min(rejected.length, keep));
        }
        return new PreferenceExample(prompt, chosen, rejected, line, cut);
    }

    private static long[] withEos(long[] ids, OptionalLong eos) {
        if (eos.isEmpty() || (ids.length > 0 && ids[ids.length - 1] == eos.getAsLong())) {
            return ids;
        }
        long[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = eos.getAsLong();
        return out;
    }

    /** The tokenizer's BOS when the rendered prompt starts with it (written or added). */
    private OptionalLong bosOf(long[] prompt) {
        OptionalLong bos = tokenizer.bosId();
        return bos.isPresent() && prompt.length > 0 && prompt[0] == bos.getAsLong() ? bos
                : OptionalLong.empty();
    }

    private static void checkLengths(int maxLength, int maxPromptLength) {
        if (maxPromptLength < 1 || maxLength <= maxPromptLength) {
            throw new IllegalArgumentException("need 0 < max_prompt_length < max_length, not "
                    + maxPromptLength + " and " + maxLength);
        }
    }
}
