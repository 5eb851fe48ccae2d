package tunebench.engine.train.dpo;

import java.util.List;
import java.util.Objects;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * One preference record as DPO trains on it: the conversation so far, ending with the user's
 * turn, and two assistant replies to it, the preferred one and the dispreferred one.
 *
 * @param prompt   system and user turns (earlier assistant turns too), ending with a user turn
 * @param chosen   the preferred reply's text
 * @param rejected the dispreferred reply's text
 * @param line     1-based line of the record in its file, 0 when it has none
 */
public record PreferencePair(List<ChatMessage> prompt, String chosen, String rejected, int line) {

    public PreferencePair {
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("a preference pair needs a prompt");
        }
    }

    /** A single-turn pair: the prompt is the user's message. */
    public static PreferencePair of(String prompt, String chosen, String rejected) {
        return new PreferencePair(List.of(ChatMessage.user(prompt)), chosen, rejected, 0);
    }
}
