package tunebench.engine.data;

import java.util.List;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * One training record in the shape every dataset format is read into: the chat messages
 * (system, user, assistant roles) and the source line, so later problems can point back to it.
 */
public record Conversation(List<ChatMessage> messages, int line) {

    /** The role of the single message of a plain-text record (language modelling, no chat). */
    public static final String TEXT_ROLE = "text";

    public Conversation {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one message");
        }
    }

    public static Conversation of(ChatMessage... messages) {
        return new Conversation(List.of(messages), 0);
    }

    /** Whether this is plain text to model as is, rather than a chat to render. */
    public boolean isPlainText() {
        return messages.size() == 1 && TEXT_ROLE.equals(messages.get(0).role());
    }
}
