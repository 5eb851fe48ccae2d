package tunebench.engine.model.tokenizer;

/**
 * A chat template that could not render these messages: the template's own
 * {@code raise_exception(...)} (its message verbatim, e.g. Mistral's "Conversation roles must
 * alternate user/assistant/user/assistant/..."), or a syntax or evaluation error with its line.
 */
public class ChatTemplateException extends RuntimeException {

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
