package tunebench.engine.eval;

import java.util.List;
import java.util.Locale;

/**
 * The rule that separates the sample preference data's chosen replies from its rejected ones
 * (generator: {@code tunebench.engine.data.synth.PreferencePairs}): a chosen reply is the plain
 * answer followed by one of five polite closing sentences; a rejected reply states the same fact
 * rudely or buried in rambling, never with such a closer. An answer follows the preferred style
 * when it ends with a polite closer and holds none of the rude or rambling phrases.
 * {@code PreferredStyleTest} checks the rule against every pair of the sample files, so a
 * change to the generator that breaks it fails there.
 */
public final class PreferredStyle {

    /** The closers the generator appends to every chosen reply (PreferencePairs.POLITE). */
    public static final List<String> POLITE_CLOSERS = List.of("Happy to help!",
            "I hope this helps.", "Glad I could help.", "Let me know if you have another question.",
            "Have a nice day!");

    /** A phrase from each of the generator's six rejected styles, matched without case. */
    public static final List<String> DISPREFERRED_MARKERS = List.of("ugh,", "obviously",
            "whatever", "let me think", "not sure where to start", "who knows", "seriously?",
            "look it up yourself", "um,", "long story", "wow, what a question",
            "better things to do", "can i go now");

    private PreferredStyle() {}

    /** Whether {@code answer} reads like a chosen reply of the sample data. */
    public static boolean follows(String answer) {
        String a = answer.strip();
        return POLITE_CLOSERS.stream().anyMatch(a::endsWith) && !dispreferred(a);
    }

    /** Whether {@code answer} holds a phrase only the rejected replies use. */
    public static boolean dispreferred(String answer) {
        String a = answer.toLowerCase(Locale.ROOT);
        return DISPREFERRED_MARKERS.stream().anyMatch(a::contains);
    }
}
