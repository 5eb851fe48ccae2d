package tunebench.engine.data;

import java.util.List;
import java.util.Optional;

/**
 * Where a conversation format keeps its turns: transformers' {@code messages} of role/content,
 * or ShareGPT's {@code conversations} of from/value, with the role names each one writes.
 *
 * @param roles the roles a new turn may take, in the order a conversation uses them
 */
public record TurnFields(String list, String role, String content, String userRole,
        String assistantRole, List<String> roles) {

    private static final TurnFields MESSAGES = new TurnFields("messages", "role", "content",
            "user", "assistant", List.of("system", "user", "assistant"));
    private static final TurnFields SHAREGPT = new TurnFields("conversations", "from", "value",
            "human", "gpt", List.of("system", "human", "gpt"));

    /** The fields of a conversation format; empty for Alpaca and plain text. */
    public static Optional<TurnFields> of(DataFormat format) {
        return switch (format) {
            case MESSAGES -> Optional.of(MESSAGES);
            case SHAREGPT -> Optional.of(SHAREGPT);
            default -> Optional.empty();
        };
    }

    /** The role that answers {@code previous}: a user speaks after the assistant and the system. */
    public String roleAfter(String previous) {
        return userRole.equals(previous) ? assistantRole : userRole;
    }
}
