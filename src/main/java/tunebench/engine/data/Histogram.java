package tunebench.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A length distribution: bins of a round width (1, 2 or 5 times a power of ten) covering up to
 * the 95th percentile in at most {@value #MAX_BINS} bins, plus one open-ended bin for the long
 * tail, so one 3,000-word outlier does not squash every other example into the first bin.
 *
 * @param unit "tokens" or "words"
 * @param bins in order; the last one's {@code to} is {@link Integer#MAX_VALUE} when it is open
 */
public record Histogram(String unit, List<Bin> bins, int count, int min, int median, int p95,
        int max) {

    static final int MAX_BINS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values in [from, to). */
    public record Bin(int from, int to, int count) {}

    public Histogram {
        bins = List.copyOf(bins);
    }

    public static Histogram of(int[] values, String unit) {
        if (values.length == 0) {
            return new Histogram(unit, List.of(), 0, 0, 0, 0, 0);
        }
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        int min = sorted[0];
        int max = sorted[sorted.length - 1];
        int median = percentile(sorted, 0.5);
        int p95 = percentile(sorted, 0.95);
        int width = niceWidth(Math.max(p95, 1));
        int lastEdge = (p95 / width + 1) * width; // first edge above p95
        List<Bin> bins = new ArrayList<>();
        int at = 0;
        for (int from = 0; from < lastEdge; from += width) {
            int to = from + width;
            int n = 0;
            while (at < sorted.length && sorted[at] < to) {
                n++;
                at++;
            }
            bins.add(new Bin(from, to, n));
        }
        if (at < sorted.length) {
            bins.add(new Bin(lastEdge, Integer.MAX_VALUE, sorted.length - at));
        }
        return new Histogram(unit, bins, sorted.length, min, median, p95, max);
    }

    /** Nearest-rank percentile. */
    private static int percentile(int[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... with at most MAX_BINS bins up to {@code top}. */
    static int niceWidth(int top) {
        long scale = 1;
        while (true) {
            for (int m : new int[] {1, 2, 5}) {
                long w = m * scale;
                if ((top / w + 1) <= MAX_BINS) {
                    return (int) w;
                }
            }
            scale *= 10;
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("unit", unit).put("count", count).put("min", min).put("median", median)
                .put("p95", p95).put("max", max);
        var list = o.putArray("bins");
        for (Bin b : bins) {
            var bin = list.addObject().put("from", b.from());
            if (b.to() == Integer.MAX_VALUE) {
                bin.putNull("to");
            } else {
                bin.put("to", b.to());
            }
            bin.put("count", b.count());
        }
        return o;
    }
}
