package tunebench.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Finds clusters of nearly identical examples among many: MinHash signatures of each example's
 * shingles, locality-sensitive hashing in bands so only examples agreeing on a whole band are
 * compared (Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets", ch. 3), each candidate
 * confirmed by its exact Jaccard similarity, and the confirmed pairs joined by union-find.
 */
public final class NearDuplicates {

    /**
     * A candidate must look at least this close by its signature before its exact check: about
     * three standard errors of a 128-permutation estimate near the threshold (0.03 each), so a
     * pair at the threshold is checked 99.9% of the time, while a file of look-alike texts is
     * not checked pair by pair (0.2 took 43 s instead of 25 s on 100k long look-alike examples).
     */
    private static final double ESTIMATE_SLACK = 0.1;
    /** The chance that a pair exactly at the threshold becomes a candidate. */
    private static final double RECALL_AT_THRESHOLD = 0.99;
    /** In a huge bucket, each member is compared with this many before it, not all. */
    private static final int MAX_COMPARED_IN_BUCKET = 64;

    /**
     * One example that nearly repeats an earlier one.
     *
     * @param index      its position in the list searched
     * @param first      the position of its cluster's first example
     * @param similarity exact Jaccard similarity of its shingles to the first's
     * @param closest    the example it is most similar to (may be {@code first}, may come later)
     * @param closestSimilarity its similarity to {@code closest}
     */
    public record Match(int index, int first, double similarity, int closest,
            double closestSimilarity) {}

    private NearDuplicates() {}

    /** Matches in index order, one for every example but the first of each cluster. */
    public static List<Match> find(List<Example> examples, double threshold, int wordsPerShingle,
            MinHash minHash) {
        int n = examples.size();
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], not " + threshold);
        }
        Shingles shingles = new Shingles(examples, wordsPerShingle);
        long[][] signatures = new long[n][];
        IntStream.range(0, n).parallel().forEach(i -> signatures[i] = shingles.signature(i, minHash));
        int[] banding = banding(threshold, minHash.permutations());
        Clusters clusters = new Clusters(n);
        for (int band = 0; band < banding[0]; band++) {
            compareBuckets(bucketOrder(signatures, band * banding[1], banding[1]), n, threshold,
                    shingles, signatures, clusters);
        }
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int first = clusters.find(i);
            if (first != i) {
                matches.add(new Match(i, first, shingles.jaccard(i, first),
                        clusters.closest[i], clusters.closestSimilarity[i]));
            }
        }
        return matches;
    }

    /**
     * Indices sorted by their band's hash, packed as (hash high bits | index) so one primitive
     * sort groups each bucket; members of a bucket come out in index order.
     */
    private static long[] bucketOrder(long[][] signatures, int from, int rows) {
        int n = signatures.length;
        int indexBits = Math.max(1, 64 - Long.numberOfLeadingZeros(n));
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0x2545F4914F6CDD1DL;
            for (int r = from; r < from + rows; r++) {
                h = TextKey.mix(h ^ signatures[i][r]);
            }
            packed[i] = (h >>> indexBits << indexBits) | i;
        }
        Arrays.sort(packed);
        return packed;
    }

    private static void compareBuckets(long[] packed, int n, double threshold, Shingles shingles,
            long[][] signatures, Clusters clusters) {
        int indexBits = Math.max(1, 64 - Long.numberOfLeadingZeros(n));
        long mask = (1L << indexBits) - 1;
        int start = 0;
        for (int end = 1; end <= packed.length; end++) {
            if (end < packed.length && packed[end] >>> indexBits == packed[start] >>> indexBits) {
                continue;
            }
            for (int b = start + 1; b < end; b++) {
                int j = (int) (packed[b] & mask);
                for (int a = Math.max(start, b - MAX_COMPARED_IN_BUCKET); a < b; a++) {
                    int i = (int) (packed[a] & mask);
                    if (clusters.find(i) == clusters.find(j)
                            || MinHash.estimate(signatures[i], signatures[j]) < threshold - ESTIMATE_SLACK) {
                        continue;
                    }
                    double exact = shingles.jaccard(i, j);
                    if (exact >= threshold) {
                        clusters.join(i, j, exact);
                    }
                }
            }
            start = end;
        }
    }

    /**
     * Bands b and rows r (b * r at most the permutations) for the S-curve 1 - (1 - s^r)^b:
     * among those that make a pair exactly at the threshold a candidate with probability at
     * least {@value #RECALL_AT_THRESHOLD}, the one with the fewest candidates below it.
     * datasketch centres the curve on the threshold instead, which misses half the pairs just
     * above it; here every candidate is checked exactly, so extra candidates cost only time.
     */
    static int[] banding(double threshold, int permutations) {
        double fewest = Double.MAX_VALUE;
        double bestRecall = -1;
        int[] choice = {permutations, 1};
        for (int b = 1; b <= permutations; b++) {
            for (int r = 1; r <= permutations / b; r++) {
                int bands = b;
                int rows = r;
                double recall = 1 - Math.pow(1 - Math.pow(threshold, rows), bands);
                double falsePositive = integrate(s -> 1 - Math.pow(1 - Math.pow(s, rows), bands), 0, threshold);
                boolean enough = recall >= RECALL_AT_THRESHOLD;
                if (enough && falsePositive < fewest) {
                    fewest = falsePositive;
                    choice = new int[] {b, r};
                } else if (fewest == Double.MAX_VALUE && recall > bestRecall) {
                    bestRecall = recall;
                    choice = new int[] {b, r};
                }
            }
        }
        return choice;
    }

    private static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b) {
        int steps = 200;
        double h = (b - a) / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += f.applyAsDouble(a + (i + 0.5) * h);
        }
        return sum * h;
    }

    /**
     * Each example's shingles, kept for the exact check when small; a long text's are
     * recomputed when needed instead, so 100,000 stories do not hold gigabytes.
     */
    private static final class Shingles {
        private static final int KEPT = 512;
        final List<Example> examples;
        final int words;
        final long[][] kept;

        Shingles(List<Example> examples, int words) {
            this.examples = examples;
            this.words = words;
            this.kept = new long[examples.size()][];
        }

        long[] signature(int i, MinHash minHash) {
            long[] s = TextKey.shingles(examples.get(i), words);
            kept[i] = s.length <= KEPT ? s : null;
            return minHash.signature(s);
        }

        double jaccard(int i, int j) {
            return MinHash.jaccard(get(i), get(j));
        }

        private long[] get(int i) {
            return kept[i] != null ? kept[i] : TextKey.shingles(examples.get(i), words);
        }
    }

    /** Union-find whose root is always the smallest index: the cluster's first example. */
    private static final class Clusters {
        final int[] parent;
        final int[] closest;
        final double[] closestSimilarity;

        Clusters(int n) {
            parent = IntStream.range(0, n).toArray();
            closest = new int[n];
            closestSimilarity = new double[n];
        }

        private void remember(int x, int partner, double similarity) {
            if (similarity > closestSimilarity[x]) {
                closest[x] = partner;
                closestSimilarity[x] = similarity;
            }
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        /** Each side remembers its most similar partner, for the message. */
        void join(int i, int j, double similarity) {
            remember(i, j, similarity);
            remember(j, i, similarity);
            int a = find(i);
            int b = find(j);
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
    }
}
