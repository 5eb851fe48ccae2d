package tunebench.app.dataset;

import java.util.Arrays;

/**
 * Token lengths of a file's examples in bins, for the Lengths chart: equal bins of a round width
 * from 0 past the longest example (and past the max length, so its marker is on the chart),
 * the count over the max length, and how many examples are counted so far.
 *
 * @param width   tokens per bin; bin {@code i} holds lengths in [i*width, (i+1)*width)
 * @param counted examples counted so far; equals {@code examples} once done
 * @param refused examples the chat template refused (not in any bin)
 */
record LengthHistogramData(int width, int[] counts, int over, int maxLength, int counted,
        int examples, int refused, int longest, double mean) {

    static final LengthHistogramData EMPTY = new LengthHistogramData(1, new int[0], 0, 0, 0, 0, 0, 0, 0);

    /** Lengths of 0 are not counted yet (every example has at least one token); -1 refused. */
    static LengthHistogramData of(int[] lengths, int maxLength, int targetBins) {
        int longest = 0;
        int counted = 0;
        int refused = 0;
        long sum = 0;
        for (int n : lengths) {
            if (n < 0) {
                refused++;
            } else if (n > 0) {
                counted++;
                sum += n;
                longest = Math.max(longest, n);
            }
        }
        int width = niceWidth(Math.max(longest, maxLength + 1), targetBins);
        int[] counts = new int[Math.max(longest, maxLength) / width + 1];
        int over = 0;
        for (int n : lengths) {
            if (n > 0) {
                counts[n / width]++;
                over += n > maxLength ? 1 : 0;
            }
        }
        return new LengthHistogramData(width, counts, over, maxLength, counted + refused,
                lengths.length, refused, longest, counted == 0 ? 0 : (double) sum / counted);
    }

    boolean done() {
        return counted == examples;
    }

    /** "14 of 1,200 examples over 512 tokens", with the progress while counting. */
    String title() {
        if (examples == 0) {
            return "No examples to count";
        }
        String head = String.format("%,d of %,d examples over %,d tokens", over, counted - refused, maxLength);
        return done() ? head : head + String.format(" (counted %,d of %,d so far)", counted, examples);
    }

    /** "longest 1,843 · mean 212 · 3 refused by the chat template". */
    String detail() {
        String s = String.format("longest %,d tokens · mean %,.0f", longest, mean);
        return refused == 0 ? s : s + String.format(" · %,d the chat template refuses", refused);
    }

    /** 1, 2 or 5 times a power of ten, so about {@code target} bins cover the range. */
    static int niceWidth(int range, int target) {
        double raw = Math.max(1.0, (double) range / Math.max(1, target));
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int step : new int[] {1, 2, 5, 10}) {
            if (step * pow >= raw) {
                return (int) Math.max(1, step * pow);
            }
        }
        return (int) (10 * pow);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LengthHistogramData h && h.width == width && Arrays.equals(h.counts, counts)
                && h.over == over && h.maxLength == maxLength && h.counted == counted && h.examples == examples
                && h.refused == refused && h.longest == longest && h.mean == mean;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + over;
    }
}
