package tunebench.engine.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One problem of a dataset file, at the line of the record it concerns, and why. The rest of the
 * file still loads, so a view can list every problem with its line at once instead of failing on
 * the first.
 *
 * @param line        1-based line of the record in its file (in a JSON array, where its object
 *                    starts; in CSV, where its row starts)
 * @param kind        one of {@link #KINDS}
 * @param message     a sentence a user understands, without the line number
 * @param relatedLine the other record a duplicate or near-duplicate repeats; 0 when there is none
 */
public record DataProblem(int line, String kind, String message, int relatedLine) {

    public static final String MALFORMED_JSON = "malformed-json";
    public static final String MISSING_FIELD = "missing-field";
    public static final String EMPTY_FIELD = "empty-field";
    public static final String WRONG_TYPE = "wrong-type";
    /** Exactly the same content as an earlier record, after normalizing whitespace and case. */
    public static final String DUPLICATE = "duplicate";
    /** Nearly the same content as an earlier record (MinHash estimate over shingles). */
    public static final String NEAR_DUPLICATE = "near-duplicate";
    /** More tokens, after the model's chat template, than the run's max length. */
    public static final String TOO_LONG = "too-long";
    /** A category whose share of the examples is far from an even share. */
    public static final String IMBALANCE = "imbalance";
    /** Conversation roles out of order, empty turns, no assistant turn to learn from. */
    public static final String BAD_TURNS = "bad-turns";
    /** A record in another layout than the rest of the file (a ShareGPT record among Alpaca). */
    public static final String MIXED_FORMAT = "mixed-format";
    /** The chat template refused the conversation while encoding. */
    public static final String TEMPLATE = "template";

    /** Every kind, in the order a report lists them. */
    public static final List<String> ORDER = List.of(MALFORMED_JSON, MISSING_FIELD, EMPTY_FIELD,
            WRONG_TYPE, MIXED_FORMAT, BAD_TURNS, DUPLICATE, NEAR_DUPLICATE, TOO_LONG, IMBALANCE,
            TEMPLATE);
    public static final Set<String> KINDS = Set.copyOf(ORDER);

    public DataProblem {
        Objects.requireNonNull(message, "message");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown problem kind " + kind);
        }
        if (relatedLine < 0) {
            throw new IllegalArgumentException("related line must be 0 (none) or a line, not " + relatedLine);
        }
    }

    /** A problem of one record alone. */
    public DataProblem(int line, String kind, String message) {
        this(line, kind, message, 0);
    }

    public boolean hasRelatedLine() {
        return relatedLine > 0;
    }

    /**
     * Whether the record cannot be trained on at all (it is dropped), rather than being usable
     * but worth a look (duplicates, length, balance).
     */
    public boolean isFatal() {
        return switch (kind) {
            case DUPLICATE, NEAR_DUPLICATE, TOO_LONG, IMBALANCE -> false;
            default -> true;
        };
    }

    /** "line 5: missing field 'output'", as a log or CLI prints it. */
    public String describe() {
        return "line " + line + ": " + message;
    }
}
