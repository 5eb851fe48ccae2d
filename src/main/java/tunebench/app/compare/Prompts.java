package tunebench.app.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompts in the Compare screen's text box: one prompt, or several separated by a line
 * that holds only {@code ---} (Markdown's rule), so a prompt may itself span lines.
 */
public final class Prompts {

    public static final String SEPARATOR = "---";

    private Prompts() {}

    /** The non-blank prompts, each trimmed, in order. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            if (line.strip().equals(SEPARATOR)) {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder prompt) {
        String p = prompt.toString().strip();
        if (!p.isEmpty()) {
            out.add(p);
        }
    }
}
