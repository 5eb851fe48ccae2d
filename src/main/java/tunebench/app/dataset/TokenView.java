package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.List;
import tunebench.engine.data.TemplatePreviewer.Piece;
import tunebench.engine.data.TemplatePreviewer.Preview;

/**
 * What the Preview tab draws, worked out off the FX thread: the header line, whether the
 * example runs over the max length, and each rendered side (a preference pair has two) as token
 * spans; or, when there is nothing to draw, the sentence that says why.
 */
record TokenView(String header, boolean over, String message, List<Side> sides) {

    /** One token as drawn: text, id, and how to colour it; {@code cut} lies past the max length. */
    record Span(long id, String text, boolean trained, boolean special, boolean cut) {}

    /** One rendered conversation: "Chosen", "Rejected", or "" when the example has one side. */
    record Side(String title, int tokens, int trained, List<Span> spans) {}

    TokenView {
        sides = List.copyOf(sides);
    }

    static TokenView message(String message) {
        return new TokenView("", false, message, List.of());
    }

    boolean hasTokens() {
        return !sides.isEmpty();
    }

    /** Titles go with the previews, in the same order (one untitled preview, or several). */
    static TokenView of(List<String> titles, List<Preview> previews, int maxLength, String template) {
        List<Side> sides = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < previews.size(); i++) {
            Preview p = previews.get(i);
            longest = Math.max(longest, p.tokens());
            List<Span> spans = new ArrayList<>(p.tokens());
            for (int t = 0; t < p.tokens(); t++) {
                Piece piece = p.pieces().get(t);
                spans.add(new Span(piece.id(), piece.text(), piece.trained(), piece.special(), t >= maxLength));
            }
            sides.add(new Side(titles.get(i), p.tokens(), p.trained(), spans));
        }
        return new TokenView(header(sides, maxLength, template), longest > maxLength, "", sides);
    }

    /** "212 tokens · 47 trained · max length 512 · chatml template"; a pair gives both counts. */
    private static String header(List<Side> sides, int maxLength, String template) {
        StringBuilder sb = new StringBuilder();
        for (Side s : sides) {
            if (!sb.isEmpty()) {
                sb.append(" · ");
            }
            sb.append(s.title().isEmpty() ? "" : s.title() + ": ")
                    .append(String.format("%,d tokens · %,d trained", s.tokens(), s.trained()));
        }
        sb.append(String.format(" · max length %,d", maxLength));
        int over = sides.stream().mapToInt(Side::tokens).max().orElse(0) - maxLength;
        if (over > 0) {
            sb.append(String.format(" · %,d over: training cuts them", over));
        }
        return sb.append(" · ").append(template).append(" template").toString();
    }
}
