package tunebench.app;

import java.util.Locale;

/**
 * Numbers as the screens show them: counts as "1.10 M", bytes as "2.20 GB" (decimal units, as
 * the Hugging Face Hub shows file sizes). Fixed locale, so screenshots and tests agree.
 */
public final class Formats {

    private static final String[] COUNT_UNITS = {"", " K", " M", " B", " T"};
    private static final String[] BYTE_UNITS = {" bytes", " KB", " MB", " GB", " TB"};

    private Formats() {}

    /** 950 -> "950", 1_100_000 -> "1.10 M", 7_241_732_096 -> "7.24 B". */
    public static String count(long n) {
        return scaled(n, COUNT_UNITS);
    }

    /** 512 -> "512 bytes", 535_904 -> "535.9 KB", 2_200_000_000 -> "2.20 GB". */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + BYTE_UNITS[0];
        }
        return scaled(n, BYTE_UNITS);
    }

    /** 140288 -> "140,288". */
    public static String exact(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Steps up a unit a little early, so 999,960 reads "1.00 M", not "1000.0 K". */
    private static String scaled(long n, String[] units) {
        double value = n;
        int unit = 0;
        while (Math.abs(value) >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        if (unit == 0) {
            return n + units[0];
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.1f%s" : "%.2f%s", value, units[unit]);
    }
}
