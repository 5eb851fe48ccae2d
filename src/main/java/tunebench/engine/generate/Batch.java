package tunebench.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The token ids and attention mask of a generating batch, kept in Java and grown by one column
 * per step. Shorter prompts are padded on the left so every row's last token is real.
 */
final class Batch {

    private final int rows;
    private long[][] ids;
    private long[][] mask;
    private int length;
    private boolean padded;

    private Batch(int rows, int capacity) {
        this.rows = rows;
        this.ids = new long[rows][capacity];
        this.mask = new long[rows][capacity];
    }

    static Batch leftPadded(List<long[]> prompts, long padId) {
        int longest = 0;
        for (long[] p : prompts) {
            if (p.length == 0) {
                throw new IllegalArgumentException("a prompt has no tokens");
            }
            longest = Math.max(longest, p.length);
        }
        Batch b = new Batch(prompts.size(), longest + 64);
        for (int r = 0; r < prompts.size(); r++) {
            long[] p = prompts.get(r);
            int pad = longest - p.length;
            b.padded |= pad > 0;
            java.util.Arrays.fill(b.ids[r], 0, pad, padId);
            System.arraycopy(p, 0, b.ids[r], pad, p.length);
            java.util.Arrays.fill(b.mask[r], pad, longest, 1L);
        }
        b.length = longest;
        return b;
    }

    /** Adds one token per row; rows already finished get padding (still attended, as HF does). */
    void append(long[] next, long padId, RowState[] states) {
        if (length == ids[0].length) {
            grow();
        }
        for (int r = 0; r < rows; r++) {
            ids[r][length] = states[r].finished() ? padId : next[r];
            mask[r][length] = 1L;
        }
        length++;
    }

    private void grow() {
        int capacity = ids[0].length * 2;
        for (int r = 0; r < rows; r++) {
            ids[r] = java.util.Arrays.copyOf(ids[r], capacity);
            mask[r] = java.util.Arrays.copyOf(mask[r], capacity);
        }
    }

    /** (rows, length) int64: the whole sequence so far. */
    NDArray ids(NDManager m) {
        return m.create(slice(ids, 0, length));
    }

    /** (rows, 1) int64: the token appended last. */
    NDArray lastIds(NDManager m) {
        return m.create(slice(ids, length - 1, length));
    }

    /** (rows, length) int64: 1 for real tokens, 0 for left padding. */
    NDArray mask(NDManager m) {
        return m.create(slice(mask, 0, length));
    }

    /** Whether any row has padding; without it no attention mask is needed. */
    boolean padded() {
        return padded;
    }

    private long[][] slice(long[][] src, int from, int to) {
        long[][] out = new long[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(src[r], from, to);
        }
        return out;
    }
}
