package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.cap;
import static tunebench.engine.data.synth.Text.pick;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import tunebench.engine.data.synth.Numbers.Fact;

/**
 * Templates for arithmetic in words and symbols, and for days, months and times of day: the
 * ordered, countable facts a model gets exactly right or exactly wrong.
 */
final class TimeSentences {

    /** Read only for '+'. */
    static final List<Function<Fact, String>> PLUS = List.of(
            f -> cap(Numbers.word(f.a())) + " plus " + Numbers.word(f.b()) + " is "
                    + Numbers.word(f.result()) + ".",
            f -> cap(Numbers.word(f.a())) + " and " + Numbers.word(f.b()) + " make "
                    + Numbers.word(f.result()) + ".",
            f -> "If you add " + Numbers.word(f.a()) + " and " + Numbers.word(f.b())
                    + ", you get " + Numbers.word(f.result()) + ".",
            f -> f.a() + " plus " + f.b() + " equals " + f.result() + ".",
            f -> "I have " + Text.count(f.a(), "apple") + " and get " + Numbers.word(f.b())
                    + " more, so now I have " + Text.count(f.result(), "apple") + ".");

    static final List<Function<Fact, String>> MINUS = List.of(
            f -> cap(Numbers.word(f.a())) + " minus " + Numbers.word(f.b()) + " is "
                    + Numbers.word(f.result()) + ".",
            f -> "If you take " + Numbers.word(f.b()) + " from " + Numbers.word(f.a())
                    + ", you have " + Numbers.word(f.result()) + " left.",
            f -> f.a() + " minus " + f.b() + " equals " + f.result() + ".",
            f -> "There " + (f.a() == 1 ? "was " : "were ") + Text.count(f.a(), "bird") + ", and "
                    + Numbers.word(f.b()) + " flew away, so " + Text.count(f.result(), "bird")
                    + " stayed.");

    static final List<Function<Fact, String>> TIMES = List.of(
            f -> cap(Numbers.word(f.a())) + " times " + Numbers.word(f.b()) + " is "
                    + Numbers.word(f.result()) + ".",
            f -> f.a() + " times " + f.b() + " equals " + f.result() + ".",
            f -> cap(Numbers.word(f.a())) + " groups of " + Numbers.word(f.b()) + " make "
                    + Numbers.word(f.result()) + ".");

    /** Templates over a day of the week (given as its index 0..6). */
    static final List<Function<Integer, String>> DAY = List.of(
            d -> "The day after " + day(d) + " is " + day(d + 1) + ".",
            d -> "The day before " + day(d + 1) + " is " + day(d) + ".",
            d -> day(d + 1) + " comes after " + day(d) + ".",
            d -> "After " + day(d) + " comes " + day(d + 1) + ".",
            d -> "If today is " + day(d) + ", tomorrow is " + day(d + 1) + ".",
            d -> "If today is " + day(d + 1) + ", yesterday was " + day(d) + ".",
            d -> day(d) + " is the " + Numbers.ordinal(d % 7 + 1) + " day of the week.",
            d -> "Two days after " + day(d) + " is " + day(d + 2) + ".");

    /** Templates over a month (index 0..11). */
    static final List<Function<Integer, String>> MONTH = List.of(
            m -> "The month after " + month(m) + " is " + month(m + 1) + ".",
            m -> month(m + 1) + " comes after " + month(m) + ".",
            m -> month(m) + " is the " + Numbers.ordinal(m % 12 + 1) + " month of the year.");

    /** What happens at each time of day, in the order of World.TIMES_OF_DAY. */
    private static final List<String> TIME_EVENTS = List.of(
            "the sun comes up and people eat breakfast", "the sun is high in the sky",
            "children play outside after lunch", "the sun goes down and people eat dinner",
            "the sky is dark and the stars come out", "most people are asleep",
            "the birds begin to sing", "the light fades and the bats fly out");

    /** "in the morning" but "at noon": the preposition each time of day takes. */
    static final List<String> WHEN = List.of("in the morning", "at noon", "in the afternoon",
            "in the evening", "at night", "at midnight", "at dawn", "at dusk");

    static final List<Function<Integer, String>> TIME = List.of(
            t -> cap(WHEN.get(t)) + ", " + TIME_EVENTS.get(t) + ".",
            t -> cap(TIME_EVENTS.get(t)) + " " + WHEN.get(t) + ".",
            t -> cap(time(t)) + " is the time when " + TIME_EVENTS.get(t) + ".");

    private static final List<String> GENERAL = List.of(
            "A week has seven days.", "There are twelve months in a year.",
            "The days of the week are " + String.join(", ", World.DAYS.subList(0, 6)) + " and Sunday.",
            "Saturday and Sunday are the weekend.", "Morning comes before afternoon.",
            "A day has twenty-four hours.", "The year starts in January and ends in December.");

    private TimeSentences() {}

    /** One sentence about the calendar or arithmetic, chosen across all of this class's templates. */
    static String any(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(random, DAY).apply(random.nextInt(7));
            case 1 -> pick(random, MONTH).apply(random.nextInt(12));
            case 2 -> pick(random, TIME).apply(random.nextInt(World.TIMES_OF_DAY.size()));
            case 3 -> pick(random, GENERAL);
            default -> arithmetic(random, false);
        };
    }

    /** A fact in words or, one time in four when symbols fit the text, as "3 + 4 = 7". */
    static String arithmetic(SplittableRandom random, boolean symbols) {
        Fact f = pick(random, Numbers.FACTS);
        if (symbols && random.nextInt(4) == 0) {
            return f.symbolic();
        }
        List<Function<Fact, String>> templates = switch (f.op()) {
            case '+' -> PLUS;
            case '-' -> MINUS;
            default -> TIMES;
        };
        return pick(random, templates).apply(f);
    }

    static int templateCount() {
        return PLUS.size() + MINUS.size() + TIMES.size() + 1 + DAY.size() + MONTH.size()
                + TIME.size() + GENERAL.size();
    }

    static String day(int index) {
        return World.DAYS.get(Math.floorMod(index, 7));
    }

    static String month(int index) {
        return World.MONTHS.get(Math.floorMod(index, 12));
    }

    private static String time(int index) {
        return World.TIMES_OF_DAY.get(index);
    }
}
