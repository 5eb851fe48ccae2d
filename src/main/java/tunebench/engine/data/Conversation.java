package tunebench.engine.data;

import java.util.List;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * One training record in the shape every dataset format is read into: the chat messages
 * (system, user, assistant roles) and the source line, so later problems can point back to it.
 */
public record Conversation(List<ChatMessage> messages, int line) {

    public Conversation {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one message");
        }
    }

    public static Conversation of(ChatMessage... messages) {
        return new Conversation(List.of(messages), 0);
    }
}
