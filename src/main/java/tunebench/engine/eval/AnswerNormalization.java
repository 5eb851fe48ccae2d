package tunebench.engine.eval;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How answers and references are made comparable before an exact match: always trimmed with
 * whitespace runs collapsed; optionally case-folded; optionally SQuAD's rule (lower case, no
 * punctuation, no articles), as in the SQuAD v1.1 evaluation script (Rajpurkar et al., 2016).
 *
 * @param ignoreCase compare lower-cased text
 * @param squad      apply SQuAD's normalisation (implies ignoreCase)
 */
public record AnswerNormalization(boolean ignoreCase, boolean squad) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    // SQuAD strips Python's string.punctuation, which is exactly ASCII punctuation.
    private static final Pattern PUNCTUATION = Pattern.compile("\\p{Punct}");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    /** Trim and collapse whitespace only: the answer must be the reference, letter for letter. */
    public static AnswerNormalization strict() {
        return new AnswerNormalization(false, false);
    }

    public AnswerNormalization withIgnoreCase(boolean value) {
        return new AnswerNormalization(value, squad);
    }

    public AnswerNormalization withSquad(boolean value) {
        return new AnswerNormalization(ignoreCase, value);
    }

    public String normalize(String text) {
        String s = text == null ? "" : text;
        if (ignoreCase || squad) {
            s = s.toLowerCase(Locale.ROOT);
        }
        if (squad) {
            // SQuAD's order: lower, remove punctuation, remove articles, fix whitespace.
            s = PUNCTUATION.matcher(s).replaceAll("");
            s = ARTICLES.matcher(s).replaceAll(" ");
        }
        return WHITESPACE.matcher(s.strip()).replaceAll(" ");
    }

    public boolean matches(String answer, String reference) {
        return normalize(answer).equals(normalize(reference));
    }
}
