package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.pick;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Preference pairs with one visible style difference: the chosen answer is the plain fact and a
 * polite word, the rejected one states the same fact rudely or buried in rambling. A DPO run
 * that works makes the model's tone change, which anyone can see in the compare view.
 */
final class PreferencePairs {

    private static final List<String> POLITE = List.of("Happy to help!", "I hope this helps.",
            "Glad I could help.", "Let me know if you have another question.", "Have a nice day!");

    /** (bare answer, sentence answer) -> rejected text; same facts, unpleasant delivery. */
    private static final List<BiFunction<String, String, String>> RUDE = List.of(
            (w, s) -> "Ugh, obviously it's " + w + ", everyone knows that... anyway whatever, "
                    + "I guess it is " + w + ", why would you even ask",
            (w, s) -> "Hmm, well, let me think, there are so many things to say about this and "
                    + "honestly I am not sure where to start, but I suppose, if I really have to "
                    + "answer, " + lower(s) + " Or something like that, who knows.",
            (w, s) -> "Seriously? " + s + " Look it up yourself next time.",
            (w, s) -> "Okay so, um, this is kind of a long story, and I was thinking about it the "
                    + "other day, and the thing is, " + lower(s) + " That is basically it, I think, maybe.",
            (w, s) -> "Whatever. " + Text.cap(w) + ". Can I go now?",
            (w, s) -> "Wow, what a question. I mean, " + lower(s) + " Did you really not know that? "
                    + "Anyway, moving on, I have better things to do.");

    private PreferencePairs() {}

    static PreferencePair next(SplittableRandom random) {
        WorldQuestions.Question q = pick(random, WorldQuestions.FAMILIES).apply(random);
        String chosen = q.sentence() + " " + pick(random, POLITE);
        String rejected = pick(random, RUDE).apply(q.word(), q.sentence());
        return new PreferencePair(q.question(), chosen, rejected);
    }

    /** Lower-cases the first letter unless it starts a name ("the capital", but "Japan is"). */
    private static String lower(String sentence) {
        String first = sentence.substring(0, sentence.indexOf(' ')).toLowerCase(Locale.ROOT);
        boolean common = List.of("the", "a", "an", "people").contains(first)
                || World.ANIMALS.stream().anyMatch(x -> x.plural().equals(first));
        return common ? first + sentence.substring(first.length()) : sentence;
    }
}
