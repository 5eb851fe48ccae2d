package tunebench.app.monitor;

import java.util.Locale;
import tunebench.app.Formats;

/** The monitor's numbers in words: durations, losses and the progress line. Fixed locale. */
final class MonitorText {

    private MonitorText() {}

    /** 8 -> "8 s", 72 -> "1 min 12 s", 7500 -> "2 h 05 min"; "…" while unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "…";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** Four significant digits: 2.3408 -> "2.341", 0.012345 -> "0.01235"; "n/a" for NaN. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "n/a" : String.valueOf(v);
        }
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }

    /**
     * "step 40 / 225 · epoch 0.53 · 3,210 tok/s · ETA 1 min 12 s"; without the ETA when
     * {@code etaSeconds} is null (paused, ended), "ETA …" while it is not known yet.
     */
    static String progress(int step, int total, double epoch, double tokensPerS, Double etaSeconds) {
        StringBuilder b = new StringBuilder("step ").append(Formats.exact(step)).append(" / ")
                .append(Formats.exact(total));
        b.append(String.format(Locale.ROOT, " · epoch %.2f", epoch));
        if (Double.isFinite(tokensPerS)) {
            b.append(" · ").append(Formats.exact(Math.round(tokensPerS))).append(" tok/s");
        }
        if (etaSeconds != null && step < total) {
            b.append(" · ETA ").append(duration(etaSeconds));
        }
        return b.toString();
    }
}
