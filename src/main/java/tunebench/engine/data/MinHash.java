package tunebench.engine.data;

import java.util.SplittableRandom;

/**
 * MinHash signatures: for each of n hash permutations, the smallest permuted value of a set's
 * shingle hashes. The share of positions where two signatures agree estimates the sets'
 * Jaccard similarity (Broder 1997, "On the resemblance and containment of documents"),
 * with a standard error of sqrt(J(1-J)/n): about 0.035 at J = 0.8 with 128 permutations.
 */
public final class MinHash {

    public static final int DEFAULT_PERMUTATIONS = 128;

    private final long[] multipliers;
    private final long[] offsets;

    /**
     * The permutations are x -> a*x + b (mod 2^64) with a odd, a bijection on 64-bit values;
     * the shingle hashes are already well mixed, so this cheap family is enough (datasketch
     * uses the same affine form modulo a prime). Fixed seed: signatures are comparable across runs.
     */
    public MinHash(int permutations, long seed) {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be at least 1, not " + permutations);
        }
        SplittableRandom random = new SplittableRandom(seed);
        multipliers = new long[permutations];
        offsets = new long[permutations];
        for (int i = 0; i < permutations; i++) {
            multipliers[i] = random.nextLong() | 1L;
            offsets[i] = random.nextLong();
        }
    }

    public MinHash() {
        this(DEFAULT_PERMUTATIONS, 0x5EEDL);
    }

    public int permutations() {
        return multipliers.length;
    }

    /** The signature of a set of 64-bit shingle hashes; all Long.MAX_VALUE for an empty set. */
    public long[] signature(long[] shingles) {
        int n = multipliers.length;
        long[] mins = new long[n];
        java.util.Arrays.fill(mins, Long.MAX_VALUE);
        for (long x : shingles) {
            for (int i = 0; i < n; i++) {
                // Any total order works for a minimum; signed is the cheapest to compare.
                mins[i] = Math.min(mins[i], multipliers[i] * x + offsets[i]);
            }
        }
        return mins;
    }

    /** The share of agreeing positions: the estimated Jaccard similarity. */
    public static double estimate(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("signatures of different lengths");
        }
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }

    /** The exact Jaccard similarity of two sorted, distinct arrays; 1 for two empty sets. */
    public static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }
}
