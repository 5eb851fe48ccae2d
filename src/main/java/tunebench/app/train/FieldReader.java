package tunebench.app.train;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.StringProperty;

/**
 * Reads the form's text fields as config values. A field that does not parse gets a
 * placeholder (NaN, or a number every check refuses) and a problem under its key, so one
 * pass finds every bad field, as {@code RunConfig.validate()} does for values.
 */
final class FieldReader {

    /** Refused by every integer setting's check, so a placeholder never slips through. */
    private static final int BAD_INT = Integer.MIN_VALUE;

    private final Map<String, StringProperty> text;
    private final Map<String, String> problems = new LinkedHashMap<>();

    FieldReader(Map<String, StringProperty> text) {
        this.text = text;
    }

    Map<String, String> problems() {
        return problems;
    }

    String string(String key) {
        return text.get(key).get().strip();
    }

    /** Null for an empty field: the key's "leave it out" meaning. */
    String optional(String key) {
        String s = string(key);
        return s.isEmpty() ? null : s;
    }

    double number(String key) {
        String s = string(key);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            problems.put(key, s.isEmpty() ? "required: a number" : "“" + s + "” is not a number");
            return Double.NaN;
        }
    }

    int integer(String key) {
        String s = string(key);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            problems.put(key, s.isEmpty() ? "required: a whole number"
                    : "“" + s + "” is not a whole number");
            return BAD_INT;
        }
    }

    /** For a field not in use: its value if it parses, else the fallback, quietly. */
    int integerOr(String key, int fallback) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    long seed(String key) {
        String s = string(key);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            problems.put(key, s.isEmpty() ? "required: a whole number"
                    : "“" + s + "” is not a whole number");
            return 0;
        }
    }
}
