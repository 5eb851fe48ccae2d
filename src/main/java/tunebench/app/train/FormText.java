package tunebench.app.train;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Numbers as the form shows them: as a person writes them ({@code 0.002}, {@code 32},
 * {@code 2e-4}) yet always reading back to the same double, so a config survives the form.
 */
final class FormText {

    private FormText() {}

    /** 0.002 -> "0.002", 32.0 -> "32", 2e-4 -> "2e-4", 1e-8 -> "1e-8". */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        if (d != 0 && Math.abs(d) < 1e-3) {
            // Double.toString switches to the shortest exact E form below 1e-3: "2.0E-4"
            String s = Double.toString(d);
            int e = s.indexOf('E');
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            return mantissa + "e" + s.substring(e + 1);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** 1234567 -> "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share with three significant digits: "22.5%", "7.57%", "0.262%". */
    static String percent(double p) {
        String format = p >= 10 ? "%.1f%%" : p >= 1 ? "%.2f%%" : "%.3f%%";
        return String.format(Locale.ROOT, format, p);
    }

    /** 54.2 -> "54 s", 125 -> "2 min 5 s", 3725 -> "1 h 2 min". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
