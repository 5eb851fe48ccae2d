package tunebench.engine.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Jinja chat template and the special tokens it is rendered with: the checkpoint's own
 * (from tokenizer_config.json or chat_template.jinja) or a built-in one (ChatML, Alpaca) for base
 * models that ship none. Renders like transformers' {@code apply_chat_template(tokenize=False)}.
 *
 * @param name      where the template came from ("chatml", "alpaca", "tokenizer_config", "custom")
 * @param bosToken  passed as {@code bos_token}; empty when the tokenizer has none
 * @param eosToken  passed as {@code eos_token}; empty when the tokenizer has none
 */
public record ChatTemplate(String name, String source, String bosToken, String eosToken) {

    /** ChatML as Qwen uses it, without Qwen's default system message. */
    static final String CHATML_SOURCE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Stanford Alpaca's prompt as LLaMA-Factory's {@code alpaca} template writes it. */
    static final String ALPACA_PREAMBLE = "Below is an instruction that describes a task. "
            + "Write a response that appropriately completes the request.\\n\\n";

    // A given system message replaces the preamble; we add the blank line the preamble ends
    // with (LLaMA-Factory emits it verbatim, which runs it into "### Instruction:").
    static final String ALPACA_SOURCE = "{% if messages and messages[0]['role'] == 'system' %}"
            + "{{ messages[0]['content'] + '\\n\\n' }}{% set loop_messages = messages[1:] %}"
            + "{% else %}{{ '" + ALPACA_PREAMBLE + "' }}{% set loop_messages = messages %}{% endif %}"
            + "{% for message in loop_messages %}"
            + "{% if message['role'] == 'user' %}"
            + "{{ '### Instruction:\\n' + message['content'] + '\\n\\n### Response:\\n' }}"
            + "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token + '\\n\\n' }}"
            + "{% else %}{{ raise_exception('The alpaca template supports system, user and assistant"
            + " roles only, not ' + message['role']) }}{% endif %}{% endfor %}";

    // Private-use characters wrapped around assistant content to find it again after rendering.
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';

    public ChatTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        bosToken = bosToken == null ? "" : bosToken;
        eosToken = eosToken == null ? "" : eosToken;
    }

    /** ChatML: {@code <|im_start|>role\ncontent<|im_end|>\n}, prompt {@code <|im_start|>assistant\n}. */
    public static ChatTemplate chatml() {
        return new ChatTemplate("chatml", CHATML_SOURCE, "", "");
    }

    /** Alpaca; give it the tokenizer's EOS with {@link #withTokens}, it ends each response. */
    public static ChatTemplate alpaca() {
        return new ChatTemplate("alpaca", ALPACA_SOURCE, "", "");
    }

    /** A built-in template by name: "chatml" or "alpaca". */
    public static ChatTemplate named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "chatml" -> chatml();
            case "alpaca" -> alpaca();
            default -> throw new IllegalArgumentException(
                    "Unknown chat template '" + name + "'; built-in templates are chatml and alpaca");
        };
    }

    /** A template given as Jinja text (a user's file, a dataset's own format). */
    public static ChatTemplate of(String source) {
        return new ChatTemplate("custom", source, "", "");
    }

    /** The checkpoint's default template with its BOS/EOS, or empty when it has none (base models). */
    public static Optional<ChatTemplate> fromConfig(TokenizerConfig config) {
        if (config.chatTemplate() == null || config.chatTemplate().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ChatTemplate("tokenizer_config", config.chatTemplate(),
                config.bosToken(), config.eosToken()));
    }

    /** A copy rendered with these special tokens (null means none). */
    public ChatTemplate withTokens(String bos, String eos) {
        return new ChatTemplate(name, source, bos, eos);
    }

    /** A copy with the tokenizer config's BOS and EOS. */
    public ChatTemplate withTokens(TokenizerConfig config) {
        return withTokens(config.bosToken(), config.eosToken());
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders like {@code apply_chat_template(messages, tokenize=False, add_generation_prompt=...,
     * **extra)}; extra keys (tools, enable_thinking, ...) may override bos_token/eos_token, as
     * transformers lets kwargs override the special tokens map.
     *
     * @throws ChatTemplateException when the template raises or fails to render
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt,
            Map<String, ?> extra) {
        return JinjaEngine.render(source, bindings(messages, addGenerationPrompt, extra));
    }

    /** What the template sees: the special tokens, the extra keys, the messages, the flag. */
    Map<String, Object> bindings(List<ChatMessage> messages, boolean addGenerationPrompt,
            Map<String, ?> extra) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        bindings.putAll(extra);
        bindings.put("messages", messages.stream().map(ChatMessage::toTemplateMap).toList());
        bindings.put("add_generation_prompt", addGenerationPrompt);
        return bindings;
    }

    /**
     * Renders and reports where each assistant message's content sits in the text, for label
     * masking. Works for templates that copy content as is or {@code | trim} it (all of ours);
     * one that rewrites content (Qwen3's think-splitting) gets a ChatTemplateException.
     */
    public RenderedChat renderWithAssistantSpans(List<ChatMessage> messages,
            boolean addGenerationPrompt) {
        boolean reserved = messages.stream().anyMatch(
                m -> m.content().indexOf(OPEN) >= 0 || m.content().indexOf(CLOSE) >= 0);
        // Rendered first, as ever, so a refusing template is reported before reserved characters.
        String expected = reserved || !copiesContentVerbatim() ? render(messages, addGenerationPrompt) : null;
        if (reserved) {
            throw new IllegalArgumentException(
                    "Message content contains private-use characters U+E000/U+E001");
        }
        List<ChatMessage> marked = new ArrayList<>();
        for (ChatMessage m : messages) {
            marked.add(m.isAssistant() ? new ChatMessage(m.role(), mark(m.content())) : m);
        }
        String text = render(marked, addGenerationPrompt);
        StringBuilder out = new StringBuilder(text.length());
        List<RenderedChat.Span> spans = new ArrayList<>();
        int open = -1;
        boolean unpaired = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == OPEN) {
                unpaired |= open >= 0;
                open = out.length();
            } else if (c == CLOSE) {
                unpaired |= open < 0;
                if (open >= 0) {
                    spans.add(new RenderedChat.Span(open, out.length()));
                }
                open = -1;
            } else {
                out.append(c);
            }
        }
        String plain = out.toString();
        // Any but a built-in template might branch on the content or transform it; only the
        // text rendered without markers shows it did not.
        if (unpaired || open >= 0 || expected != null && !plain.equals(expected)) {
            throw new ChatTemplateException("The '" + name + "' chat template rewrites assistant"
                    + " content, so the assistant's part of the text cannot be located");
        }
        return new RenderedChat(plain, spans);
    }

    /**
     * Whether this is one of the built-in templates (whatever its name: a checkpoint may ship
     * ChatML verbatim, as ours does). They only ever concatenate a message's content into the
     * output, never test, filter or measure it, so the marked render with its markers taken out
     * is the plain render, and span-finding needs one render instead of two.
     */
    boolean copiesContentVerbatim() {
        String own = JinjaEngine.stripOneTrailingNewline(source);
        return own.equals(CHATML_SOURCE) || own.equals(ALPACA_SOURCE);
    }

    /** Markers go inside surrounding whitespace, so a template's {@code | trim} still trims it. */
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
}
