package tunebench.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * Cuts encoded examples into an epoch's batches: a seeded shuffle that depends only on
 * (seed, epoch), so a resumed run asks for batch i of epoch e and gets what it would have had.
 * Packing (TRL's "bfd") happens once, then packed rows are shuffled like single examples.
 */
public final class SftBatcher {

    private final List<SftExample> examples;
    private final List<int[]> rows;
    private final int batchSize;
    private final long padId;
    private final long seed;
    private final boolean packed;
    // The last epoch's order, since a run asks for its batches one by one.
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    private SftBatcher(List<SftExample> examples, List<int[]> rows, int batchSize, long padId,
            long seed, boolean packed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        this.examples = List.copyOf(examples);
        this.rows = rows;
        this.batchSize = batchSize;
        this.padId = padId;
        this.seed = seed;
        this.packed = packed;
    }

    /** One example per row, padded to the batch's longest. */
    public static SftBatcher unpacked(List<SftExample> examples, int batchSize, long padId,
            long seed) {
        List<int[]> rows = IntStream.range(0, examples.size()).mapToObj(i -> new int[] {i})
                .toList();
        return new SftBatcher(examples, rows, batchSize, padId, seed, false);
    }

    /**
     * Examples packed whole into rows of at most {@code maxLength} tokens by best-fit
     * decreasing; fewer, fuller rows mean less compute spent on padding.
     *
     * @throws IllegalArgumentException when an example is longer than {@code maxLength}
     */
    public static SftBatcher packed(List<SftExample> examples, int batchSize, int maxLength,
            long padId, long seed) {
        int[] lengths = examples.stream().mapToInt(SftExample::length).toArray();
        return new SftBatcher(examples, Packing.bestFitDecreasing(lengths, maxLength), batchSize,
                padId, seed, true);
    }

    /** The id to pad with: the tokenizer's pad token, else EOS (the usual stand-in), else 0. */
    public static long padId(TextTokenizer tokenizer) {
        return tokenizer.padId().orElse(tokenizer.eosId().orElse(0));
    }

    public boolean isPacked() {
        return packed;
    }

    /** Rows per epoch: the number of examples, or of packed rows. */
    public int rowCount() {
        return rows.size();
    }

    /** Batches per epoch; the last one may hold fewer rows. */
    public int batchesPerEpoch() {
        return (rows.size() + batchSize - 1) / batchSize;
    }

    /** Batch {@code index} of epoch {@code epoch} (both 0-based), the same on every call. */
    public SftBatch batch(int epoch, int index) {
        if (index < 0 || index >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("batch " + index + " of an epoch of "
                    + batchesPerEpoch());
        }
        int[] order = order(epoch);
        int from = index * batchSize;
        return build(Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length)));
    }

    /** Every batch of one epoch, in training order. */
    public List<SftBatch> epoch(int epoch) {
        List<SftBatch> batches = new ArrayList<>(batchesPerEpoch());
        for (int i = 0; i < batchesPerEpoch(); i++) {
            batches.add(batch(epoch, i));
        }
        return batches;
    }

    /**
     * The epoch's row order: Fisher-Yates over java.util.Random, whose sequence the JDK
     * specifies, so an order survives JDK upgrades. The seed mixes in the epoch so epochs
     * differ; {@code seed * 1000003 + epoch} keeps (seed, epoch) pairs apart for any real run.
     */
    synchronized int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be 0 or more, not " + epoch);
        }
        if (epoch != cachedEpoch) {
            Random random = new Random(seed * 1_000_003L + epoch);
            int[] order = IntStream.range(0, rows.size()).toArray();
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /**
     * Lays the rows out right-padded. Each example's first label is ignored: nothing before it
     * in its segment predicts it, and in a packed row the previous example's last token must
     * not (TRL sets labels to -100 where position_ids == 0).
     */
    private SftBatch build(int[] rowIndices) {
        int n = rowIndices.length;
        int width = 0;
        for (int r : rowIndices) {
            width = Math.max(width, rowLength(rows.get(r)));
        }
        long[][] ids = new long[n][width];
        long[][] mask = new long[n][width];
        long[][] labels = new long[n][width];
        long[][] positions = new long[n][width];
        int[][] segments = new int[n][width];
        int labelTokens = 0;
        for (int r = 0; r < n; r++) {
            int col = 0;
            int segment = 0;
            for (int e : rows.get(rowIndices[r])) {
                SftExample example = examples.get(e);
                segment++;
                for (int t = 0; t < example.length(); t++, col++) {
                    long label = t == 0 ? SftExample.IGNORE : example.labels()[t];
                    ids[r][col] = example.inputIds()[t];
                    mask[r][col] = 1;
                    labels[r][col] = label;
                    positions[r][col] = t;
                    segments[r][col] = segment;
                    labelTokens += label == SftExample.IGNORE ? 0 : 1;
                }
            }
            Arrays.fill(ids[r], col, width, padId);
            Arrays.fill(labels[r], col, width, SftExample.IGNORE);
        }
        return new SftBatch(ids, mask, labels, positions, segments, labelTokens);
    }

    private int rowLength(int[] row) {
        int length = 0;
        for (int e : row) {
            length += examples.get(e).length();
        }
        return length;
    }
}
