package tunebench.app.compare;

/**
 * One generated token as a column shows it.
 *
 * @param text the text it completes (empty for an end token or half a character)
 * @param logProb log-probability under its own column's model, NaN until scored
 * @param otherLogProb the same token's log-probability under the compared column's model
 */
public record Token(long id, String text, double logProb, double otherLogProb) {

    public static Token unscored(long id, String text) {
        return new Token(id, text, Double.NaN, Double.NaN);
    }

    public boolean scored() {
        return !Double.isNaN(logProb) && !Double.isNaN(otherLogProb);
    }

    /** log p_this − log p_other: positive where this column's model likes the token more. */
    public double difference() {
        return logProb - otherLogProb;
    }
}
