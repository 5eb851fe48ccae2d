package tunebench.engine.model.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a conversation, as transformers' {@code {"role": ..., "content": ...}}.
 * Roles are free text ("system", "user", "assistant", "tool"); the template decides which it accepts.
 */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    public boolean isAssistant() {
        return "assistant".equals(role);
    }

    /** The dict a template sees: {@code message['role']} and {@code message.content} both work. */
    Map<String, Object> toTemplateMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", role);
        map.put("content", content);
        return map;
    }
}
