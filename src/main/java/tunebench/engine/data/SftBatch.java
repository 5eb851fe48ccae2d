package tunebench.engine.data;

/**
 * One training step's input, padded on the right to its longest row. Rows may pack several
 * examples: {@code positionIds} restart at 0 and {@code segmentIds} count up for each, so the
 * attention can be kept block-diagonal (without that, packed examples would see each other).
 * Arrays are shared, not copied: treat them as read-only.
 *
 * @param attentionMask 1 on tokens, 0 on padding
 * @param labels        {@link SftExample#IGNORE} on padding and on the first token of each example
 * @param segmentIds    1-based example number within the row, 0 on padding (all 1 when unpacked)
 * @param labelTokens   labels that are not ignored: the tokens this step's loss averages over
 */
public record SftBatch(long[][] inputIds, long[][] attentionMask, long[][] labels,
        long[][] positionIds, int[][] segmentIds, int labelTokens) {

    public SftBatch {
        int rows = inputIds.length;
        if (attentionMask.length != rows || labels.length != rows || positionIds.length != rows
                || segmentIds.length != rows) {
            throw new IllegalArgumentException("every field of a batch needs " + rows + " rows");
        }
    }

    public int rows() {
        return inputIds.length;
    }

    /** Tokens per row, padding included. */
    public int width() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }
}
