package tunebench.engine.data;

/**
 * One tokenized training sequence: input ids and, aligned with them, the labels the loss is taken
 * on ({@link #IGNORE} where the model is not trained to predict the token, as PyTorch's
 * {@code ignore_index}). The arrays are shared, not copied: treat them as read-only.
 *
 * @param truncated whether the conversation was cut to the encoder's max length
 */
public record SftExample(long[] inputIds, long[] labels, boolean truncated) {

    /** transformers' and PyTorch's {@code ignore_index}. */
    public static final long IGNORE = -100;

    public SftExample {
        if (inputIds.length != labels.length) {
            throw new IllegalArgumentException("inputIds has " + inputIds.length
                    + " tokens but labels has " + labels.length);
        }
    }

    public int length() {
        return inputIds.length;
    }

    /** Tokens that carry a label (are not {@link #IGNORE}). */
    public int labelCount() {
        int count = 0;
        for (long label : labels) {
            if (label != IGNORE) {
                count++;
            }
        }
        return count;
    }

    /** False when nothing is left to learn from (TRL drops such examples). */
    public boolean hasLabels() {
        for (long label : labels) {
            if (label != IGNORE) {
                return true;
            }
        }
        return false;
    }
}
