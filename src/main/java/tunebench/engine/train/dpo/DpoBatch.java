package tunebench.engine.train.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;

/**
 * The rows one DPO step runs, as TRL's {@code concatenated_inputs} builds them: the chosen
 * sequences of every pair, then the rejected ones, all right-padded to the longest, so policy
 * (and reference) see both halves in a single forward pass. Labels are -100 over the prompt
 * and the padding, the token id over each completion.
 *
 * @param inputIds      (2 * pairs, seq) chosen rows first
 * @param attentionMask (2 * pairs, seq) 1 for real tokens, 0 for padding
 * @param labels        (2 * pairs, seq) completion ids, -100 elsewhere
 */
public record DpoBatch(long[][] inputIds, long[][] attentionMask, long[][] labels) {

    public static final long IGNORE_INDEX = -100;

    public DpoBatch {
        if (inputIds.length == 0 || inputIds.length % 2 != 0) {
            throw new IllegalArgumentException("a DPO batch holds chosen and rejected rows in"
                    + " equal numbers, not " + inputIds.length + " rows");
        }
    }

    /** @param padId the id padding positions get (never attended to, never labelled) */
    public static DpoBatch of(List<PreferenceExample> examples, long padId) {
        int pairs = examples.size();
        int seq = examples.stream().mapToInt(PreferenceExample::length).max().orElse(0);
        long[][] ids = new long[2 * pairs][seq];
        long[][] mask = new long[2 * pairs][seq];
        long[][] labels = new long[2 * pairs][seq];
        for (int i = 0; i < pairs; i++) {
            PreferenceExample e = examples.get(i);
            fill(e.prompt(), e.chosen(), padId, ids[i], mask[i], labels[i]);
            fill(e.prompt(), e.rejected(), padId, ids[pairs + i], mask[pairs + i], labels[pairs + i]);
        }
        return new DpoBatch(ids, mask, labels);
    }

    private static void fill(long[] prompt, long[] completion, long padId, long[] ids,
            long[] mask, long[] labels) {
        int end = prompt.length + completion.length;
        Arrays.fill(ids, padId);
        Arrays.fill(labels, IGNORE_INDEX);
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(completion, 0, ids, prompt.length, completion.length);
        System.arraycopy(completion, 0, labels, prompt.length, completion.length);
        Arrays.fill(mask, 0, end, 1L);
    }

    /** Number of preference pairs (half the rows). */
    public int pairs() {
        return inputIds.length / 2;
    }

    public int sequenceLength() {
        return inputIds[0].length;
    }

    public NDArray inputIds(NDManager manager) {
        return manager.create(inputIds);
    }

    public NDArray attentionMask(NDManager manager) {
        return manager.create(attentionMask);
    }

    /**
     * 0, 1, 2, ... in every row, padding included: what transformers' Llama uses when TRL passes
     * no position_ids. Real tokens get the same positions either way (padding is on the right);
     * padded positions then score as in the reference, which the logits metric averages over.
     */
    public NDArray positionIds(NDManager manager) {
        long[][] positions = new long[inputIds.length][sequenceLength()];
        for (long[] row : positions) {
            Arrays.setAll(row, i -> i);
        }
        return manager.create(positions);
    }

    public NDArray labels(NDManager manager) {
        return manager.create(labels);
    }
}
