package tunebench.engine.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Number words and the arithmetic facts of the synthetic world: sums and differences within
 * 0..20 and the times table up to 10 x 10, small enough that a tiny model can memorise them.
 */
public final class Numbers {

    /** One fact; {@code op} is '+', '-' or '*'. */
    public record Fact(int a, char op, int b, int result) {

        public String opWord() {
            return switch (op) {
                case '+' -> "plus";
                case '-' -> "minus";
                default -> "times";
            };
        }

        /** "3 + 4 = 7", with 'x' for times as children write it. */
        public String symbolic() {
            return a + " " + (op == '*' ? 'x' : op) + " " + b + " = " + result;
        }
    }

    private static final List<String> ONES = List.of("zero", "one", "two", "three", "four",
            "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
            "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen");
    private static final List<String> TENS = List.of("", "", "twenty", "thirty", "forty",
            "fifty", "sixty", "seventy", "eighty", "ninety");
    private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth",
            "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth");

    public static final List<Fact> FACTS = buildFacts();

    private Numbers() {}

    /** English for 0..100 ("forty-two"); the world never needs more. */
    public static String word(int n) {
        if (n < 0 || n > 100) {
            throw new IllegalArgumentException("no word for " + n);
        }
        if (n == 100) {
            return "one hundred";
        }
        if (n < 20) {
            return ONES.get(n);
        }
        return TENS.get(n / 10) + (n % 10 == 0 ? "" : "-" + ONES.get(n % 10));
    }

    /** "first" .. "twelfth", for days of the week and months. */
    public static String ordinal(int oneBased) {
        return ORDINALS.get(oneBased - 1);
    }

    private static List<Fact> buildFacts() {
        List<Fact> facts = new ArrayList<>();
        for (int a = 0; a <= 20; a++) {
            for (int b = 0; a + b <= 20; b++) {
                facts.add(new Fact(a, '+', b, a + b));
            }
        }
        for (int a = 0; a <= 20; a++) {
            for (int b = 0; b <= a; b++) {
                facts.add(new Fact(a, '-', b, a - b));
            }
        }
        for (int a = 1; a <= 10; a++) {
            for (int b = 1; b <= 10; b++) {
                facts.add(new Fact(a, '*', b, a * b));
            }
        }
        return List.copyOf(facts);
    }
}
