package tunebench.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One prompt of a comparison: each column's answer, the order blind mode shows them in, and
 * the user's verdict once given. Lives on the FX thread.
 */
public final class PromptResult {

    /** The user's choice: the winning column, or a tie ({@code winner == -1}). */
    public record Verdict(int winner) {
        public static final Verdict TIE = new Verdict(-1);

        public boolean tie() {
            return winner < 0;
        }
    }

    private final String prompt;
    private final List<ColumnOutput> outputs = new ArrayList<>();
    private final int[] blindOrder;
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>();
    private long[] promptIds;

    PromptResult(String prompt, int columns, long blindSeed, int index) {
        this.prompt = prompt;
        for (int c = 0; c < columns; c++) {
            outputs.add(new ColumnOutput());
        }
        this.blindOrder = shuffle(columns, blindSeed, index);
    }

    /**
     * A fresh order per prompt: with one order for all prompts, the first reveal would give
     * the rest away. Fisher-Yates from a seed, so a comparison is shown the same way again.
     */
    static int[] shuffle(int n, long seed, int index) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + index);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public String prompt() {
        return prompt;
    }

    public List<ColumnOutput> outputs() {
        return outputs;
    }

    public ColumnOutput output(int column) {
        return outputs.get(column);
    }

    /** The column shown at each position in blind mode (position 0 is "A"). */
    public int[] blindOrder() {
        return blindOrder.clone();
    }

    /** Where a column sits in blind mode: 0 for "A". */
    public int blindPosition(int column) {
        for (int i = 0; i < blindOrder.length; i++) {
            if (blindOrder[i] == column) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column);
    }

    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    void judge(Verdict v) {
        verdict.set(v);
    }

    /** The prompt as token ids, once encoded; null before. */
    long[] promptIds() {
        return promptIds;
    }

    void setPromptIds(long[] ids) {
        promptIds = ids;
    }

    /** Every column has finished its answer (none stopped early). */
    public boolean complete() {
        return outputs.stream().allMatch(o -> o.stateProperty().get() == ColumnOutput.State.DONE);
    }

    /** Column letter for blind mode: 0 → "A". */
    public static String letter(int position) {
        return String.valueOf((char) ('A' + position));
    }
}
