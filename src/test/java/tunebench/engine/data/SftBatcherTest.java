package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Padding, packing and the seeded, resumable epoch order, on made-up examples. */
class SftBatcherTest {

    private static final long PAD = 263;

    @Test
    void padsOnTheRightWithMaskZeroAndIgnoredLabels() {
        SftExample three = example(100, 3, false);
        SftExample five = example(200, 5, false);
        SftBatcher batcher = SftBatcher.unpacked(List.of(three, five), 2, PAD, 1);
        SftBatch batch = batcher.batch(0, 0);
        assertEquals(2, batch.rows());
        assertEquals(5, batch.width());
        int shortRow = batch.inputIds()[0][0] == 100 ? 0 : 1;
        assertArrayEquals(new long[] {100, 101, 102, PAD, PAD}, batch.inputIds()[shortRow]);
        assertArrayEquals(new long[] {1, 1, 1, 0, 0}, batch.attentionMask()[shortRow]);
        assertArrayEquals(new long[] {-100, 101, 102, -100, -100}, batch.labels()[shortRow]);
        assertArrayEquals(new long[] {0, 1, 2, 0, 0}, batch.positionIds()[shortRow]);
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, batch.segmentIds()[shortRow]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, batch.segmentIds()[1 - shortRow]);
        // Each row's first token has nothing before it to predict it from.
        assertEquals(2 + 4, batch.labelTokens());
    }

    @Test
    void keepsTheLastPartialBatchAndEveryExampleOnce() {
        List<SftExample> examples = examples(5);
        SftBatcher batcher = SftBatcher.unpacked(examples, 2, PAD, 7);
        assertEquals(3, batcher.batchesPerEpoch());
        List<SftBatch> epoch = batcher.epoch(0);
        assertEquals(List.of(2, 2, 1), epoch.stream().map(SftBatch::rows).toList());
        Set<Long> firstIds = new HashSet<>();
        epoch.forEach(b -> Arrays.stream(b.inputIds()).forEach(row -> firstIds.add(row[0])));
        assertEquals(Set.of(0L, 1000L, 2000L, 3000L, 4000L), firstIds);
    }

    @Test
    void orderIsReproducibleAndDiffersAcrossEpochs() {
        List<SftExample> examples = examples(20);
        SftBatcher batcher = SftBatcher.unpacked(examples, 4, PAD, 42);
        SftBatcher again = SftBatcher.unpacked(examples, 4, PAD, 42);
        assertArrayEquals(batcher.order(0), again.order(0));
        assertArrayEquals(batcher.order(3), again.order(3));
        assertFalse(Arrays.equals(batcher.order(0), batcher.order(1)));
        assertFalse(Arrays.equals(batcher.order(0),
                SftBatcher.unpacked(examples, 4, PAD, 43).order(0)));
        // Resuming mid-epoch: batch i asked for alone equals batch i of the whole epoch.
        List<SftBatch> epoch2 = batcher.epoch(2);
        batcher.batch(0, 1);
        SftBatch resumed = again.batch(2, 3);
        assertTrue(Arrays.deepEquals(epoch2.get(3).inputIds(), resumed.inputIds()));
        assertTrue(Arrays.deepEquals(epoch2.get(3).labels(), resumed.labels()));
    }

    @Test
    void packingKeepsExamplesWholeRestartsPositionsAndMasksSegmentStarts() {
        int[] lengths = {7, 3, 5, 2, 9, 4, 6, 1, 8, 3};
        List<SftExample> examples = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            examples.add(example(1000L * (i + 1), lengths[i], true));
        }
        int maxLength = 10;
        SftBatcher batcher = SftBatcher.packed(examples, 2, maxLength, PAD, 3);
        assertTrue(batcher.rowCount() < examples.size());
        int labelTokens = 0;
        List<List<Long>> segmentsSeen = new ArrayList<>();
        for (SftBatch batch : batcher.epoch(0)) {
            labelTokens += batch.labelTokens();
            assertTrue(batch.width() <= maxLength);
            for (int r = 0; r < batch.rows(); r++) {
                List<Long> segment = null;
                for (int c = 0; c < batch.width(); c++) {
                    if (batch.segmentIds()[r][c] == 0) {
                        assertEquals(PAD, batch.inputIds()[r][c]);
                        assertEquals(-100, batch.labels()[r][c]);
                        assertEquals(0, batch.attentionMask()[r][c]);
                        continue;
                    }
                    int[] segmentIds = batch.segmentIds()[r];
                    boolean starts = c == 0 || segmentIds[c] != segmentIds[c - 1];
                    if (starts) {
                        assertEquals(0, batch.positionIds()[r][c]);
                        assertEquals(-100, batch.labels()[r][c]);
                        segment = new ArrayList<>();
                        segmentsSeen.add(segment);
                    } else {
                        long previous = batch.positionIds()[r][c - 1];
                        assertEquals(previous + 1, batch.positionIds()[r][c]);
                        assertEquals(batch.inputIds()[r][c], batch.labels()[r][c]);
                    }
                    segment.add(batch.inputIds()[r][c]);
                }
            }
        }
        // Every example appears exactly once, whole and in order.
        List<List<Long>> expected = examples.stream()
                .map(e -> Arrays.stream(e.inputIds()).boxed().toList()).toList();
        assertEquals(examples.size(), segmentsSeen.size());
        assertEquals(new HashSet<>(expected), new HashSet<>(segmentsSeen));
        int total = examples.stream().mapToInt(SftExample::labelCount).sum();
        assertEquals(total - examples.size(), labelTokens);
    }

    @Test
    void bestFitDecreasingFillsRowsTightly() {
        List<int[]> rows = Packing.bestFitDecreasing(new int[] {6, 5, 4, 3, 2}, 10);
        assertEquals(2, rows.size());
        assertArrayEquals(new int[] {0, 2}, rows.get(0));
        assertArrayEquals(new int[] {1, 3, 4}, rows.get(1));
    }

    @Test
    void rejectsAnExampleLongerThanAPackedRow() {
        assertThrows(IllegalArgumentException.class,
                () -> SftBatcher.packed(List.of(example(0, 11, true)), 1, 10, PAD, 0));
    }

    /** ids first, first+1, ...; labels equal to the ids, or ignored on the first two tokens. */
    private static SftExample example(long first, int length, boolean allLabeled) {
        long[] ids = new long[length];
        long[] labels = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = first + i;
            labels[i] = allLabeled || i > 0 ? ids[i] : SftExample.IGNORE;
        }
        return new SftExample(ids, labels, false);
    }

    private static List<SftExample> examples(int count) {
        List<SftExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(example(1000L * i, 1 + i % 4, true));
        }
        return examples;
    }
}
