package tunebench.engine.generate;

/**
 * One continuation: the new token ids (prompt excluded) and their text.
 *
 * @param ids new tokens, including a final eos token when that ended it
 * @param text decoded new tokens without special tokens, cut before a stop string
 * @param finishReason why it ended
 */
public record GeneratedText(long[] ids, String text, FinishReason finishReason) {

    /** Why a continuation ended. */
    public enum FinishReason { EOS, STOP_STRING, LENGTH, CANCELLED }
}
