package tunebench.engine.data;

import java.util.Objects;
import java.util.Set;

/**
 * One record of a dataset file that could not be used, and why. The rest of the file still
 * loads, so a view can list every problem with its line at once instead of failing on the first.
 *
 * @param line     1-based line of the record in its file (in a JSON array, where its object starts)
 * @param kind     one of {@link #KINDS}: malformed-json, missing-field, empty-field, wrong-type,
 *                 bad-turns (unknown role, misplaced system turn, no assistant turn), template
 * @param message  a sentence a user understands, without the line number
 */
public record DataProblem(int line, String kind, String message) {

    public static final String MALFORMED_JSON = "malformed-json";
    public static final String MISSING_FIELD = "missing-field";
    public static final String EMPTY_FIELD = "empty-field";
    public static final String WRONG_TYPE = "wrong-type";
    public static final String BAD_TURNS = "bad-turns";
    /** The chat template refused the conversation while encoding. */
    public static final String TEMPLATE = "template";

    public static final Set<String> KINDS =
            Set.of(MALFORMED_JSON, MISSING_FIELD, EMPTY_FIELD, WRONG_TYPE, BAD_TURNS, TEMPLATE);

    public DataProblem {
        Objects.requireNonNull(message, "message");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown problem kind " + kind);
        }
    }

    /** "line 5: missing field 'output'", as a log or CLI prints it. */
    public String describe() {
        return "line " + line + ": " + message;
    }
}
