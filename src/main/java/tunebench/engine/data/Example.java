package tunebench.engine.data;

import java.util.List;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * One example in the terms every format shares, so validation, conversion and dedup are written
 * once: the turns a model sees, the rejected reply of a preference pair, the category where the
 * format has one, and the line it came from.
 *
 * @param messages the conversation; for a preference pair, the prompt turns followed by the chosen
 *                 reply as the last (assistant) turn; for plain text, one {@link Conversation#TEXT_ROLE} turn
 * @param rejected the rejected reply of a preference pair; null for every other format
 * @param category Dolly's category (or any record's "category" string); null when there is none
 * @param line     1-based line of the record in its file; for an OpenAssistant path, its leaf's line
 */
public record Example(List<ChatMessage> messages, String rejected, String category, int line) {

    public Example {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("an example needs at least one message");
        }
    }

    public static Example of(Conversation conversation) {
        return new Example(conversation.messages(), null, null, conversation.line());
    }

    public boolean isPreference() {
        return rejected != null;
    }

    /** The turns before the last: a preference pair's prompt. */
    public List<ChatMessage> prompt() {
        return messages.subList(0, messages.size() - 1);
    }

    /** The last turn's text: a preference pair's chosen reply. */
    public String chosen() {
        return messages.get(messages.size() - 1).content();
    }

    /** The conversation a supervised fine-tune trains on (a pair's chosen side). */
    public Conversation conversation() {
        return new Conversation(messages, line);
    }

    /** A pair's rejected side as a conversation: the prompt, then the rejected reply. */
    public Conversation rejectedConversation() {
        if (rejected == null) {
            throw new IllegalStateException("line " + line + " is not a preference pair");
        }
        List<ChatMessage> turns = new java.util.ArrayList<>(prompt());
        turns.add(ChatMessage.assistant(rejected));
        return new Conversation(turns, line);
    }
}
