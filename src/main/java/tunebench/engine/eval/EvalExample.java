package tunebench.engine.eval;

import java.util.List;
import tunebench.engine.data.Conversation;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * One conversation split for scoring: its last assistant turn is the reference, and everything
 * before that turn is the prompt the model answers. Turns after the reference are dropped.
 *
 * @param line the record's line in the data file, for messages
 */
public record EvalExample(List<ChatMessage> prompt, String reference, int line) {

    public EvalExample {
        prompt = List.copyOf(prompt);
    }

    /** @throws IllegalArgumentException when the conversation has no assistant turn */
    public static EvalExample of(Conversation conversation) {
        List<ChatMessage> messages = conversation.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).isAssistant()) {
                return new EvalExample(messages.subList(0, i), messages.get(i).content(),
                        conversation.line());
            }
        }
        throw new IllegalArgumentException("line " + conversation.line()
                + ": no assistant message to use as the reference answer");
    }

    public static List<EvalExample> of(List<Conversation> conversations) {
        return conversations.stream().map(EvalExample::of).toList();
    }
}
