package tunebench.engine.data.synth;

import java.util.List;
import java.util.SplittableRandom;

/** Small string and random helpers shared by the generators; all draws go through one seeded source. */
final class Text {

    private Text() {}

    static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "a cow", "an owl". */
    static String a(String noun) {
        return World.article(noun) + " " + noun;
    }

    /** "no legs", "two legs", "one leg"... */
    static String legs(int n) {
        return n == 0 ? "no legs" : n == 1 ? "one leg" : Numbers.word(n) + " legs";
    }

    /** "in the pond" but "on the farm": where an animal lives, with its preposition. */
    static String at(String home) {
        return (home.equals("the farm") || home.equals("the ice") ? "on " : "in ") + home;
    }

    /** "one apple", "three apples". */
    static String count(int n, String noun) {
        return Numbers.word(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** "the sky is" / "the leaves are". */
    static String is(World.Thing thing) {
        return "the " + thing.name() + (thing.plural() ? " are" : " is");
    }
}
