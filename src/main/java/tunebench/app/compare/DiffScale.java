package tunebench.app.compare;

import java.util.Locale;

/**
 * The diverging colour scale of the difference view: a token's log-probability under its own
 * column's model minus under the compared model, in five steps. Steps are ratios a reader can
 * say out loud: within 1.5× is "about as likely", beyond 4× is "much more" or "much less".
 */
public enum DiffScale {

    MUCH_MORE("much-more", "over 4× likelier here"),
    MORE("more", "1.5–4× likelier"),
    SAME("same", "about equal"),
    LESS("less", "1.5–4× less likely"),
    MUCH_LESS("much-less", "over 4× less likely here");

    static final double CLEAR = Math.log(1.5);
    static final double STRONG = Math.log(4);

    private final String styleClass;
    private final String legend;

    DiffScale(String styleClass, String legend) {
        this.styleClass = styleClass;
        this.legend = legend;
    }

    /** The step of a difference in nats (log p_here − log p_other). */
    public static DiffScale of(double difference) {
        double d = Math.abs(difference);
        if (d < CLEAR) {
            return SAME;
        }
        if (difference > 0) {
            return d < STRONG ? MORE : MUCH_MORE;
        }
        return d < STRONG ? LESS : MUCH_LESS;
    }

    /** "18× more likely here", "3.2× less likely here", "about as likely in both". */
    public static String ratio(double difference) {
        if (Math.abs(difference) < CLEAR) {
            return "about as likely in both";
        }
        double r = Math.exp(Math.abs(difference));
        String times = r >= 100 ? String.format(Locale.ROOT, "%.0f×", Math.min(r, 1e6))
                : r >= 10 ? String.format(Locale.ROOT, "%.0f×", r) : String.format(Locale.ROOT, "%.1f×", r);
        return times + (r >= 1e6 ? "+" : "") + (difference > 0 ? " more" : " less") + " likely here";
    }

    /** "62.1%", "0.03%", "<0.01%". */
    public static String percent(double logProb) {
        double p = Math.exp(logProb) * 100;
        if (p < 0.01) {
            return "<0.01%";
        }
        return String.format(Locale.ROOT, p < 1 ? "%.2f%%" : "%.1f%%", p);
    }

    /** The CSS class of tokens at this step (compare.css colours it). */
    public String styleClass() {
        return styleClass;
    }

    public String legend() {
        return legend;
    }
}
