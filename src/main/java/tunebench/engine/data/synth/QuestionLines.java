package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.a;
import static tunebench.engine.data.synth.Text.at;
import static tunebench.engine.data.synth.Text.cap;
import static tunebench.engine.data.synth.Text.is;
import static tunebench.engine.data.synth.Text.legs;
import static tunebench.engine.data.synth.Text.pick;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Question-and-answer lines ("Q: What color is the sky? A: The sky is blue."). Pre-training on
 * them gives the base model the question shape, so a later instruction fine-tune has a head start.
 */
final class QuestionLines {

    /** Each template returns {question, answer}. */
    static final List<Function<SplittableRandom, String[]>> TEMPLATES = List.of(
            r -> {
                World.Country c = pick(r, World.COUNTRIES);
                return qa("What is the capital of " + c.name() + "?",
                        "The capital of " + c.name() + " is " + c.capital() + ".");
            },
            r -> {
                World.Country c = pick(r, World.COUNTRIES);
                return qa("What language do people speak in " + c.name() + "?",
                        "People in " + c.name() + " speak " + c.language() + ".");
            },
            r -> {
                World.Country c = pick(r, World.COUNTRIES);
                return qa("Which continent is " + c.name() + " in?",
                        c.name() + " is in " + c.continent() + ".");
            },
            r -> {
                World.Country c = pick(r, World.COUNTRIES);
                return qa(c.capital() + " is the capital of which country?",
                        c.capital() + " is the capital of " + c.name() + ".");
            },
            r -> {
                World.Thing t = pick(r, World.THINGS);
                return qa("What color " + (t.plural() ? "are" : "is") + " the " + t.name() + "?",
                        cap(is(t)) + " " + t.color() + ".");
            },
            r -> {
                World.Animal x = pick(r, World.ANIMALS);
                return qa("What sound does " + a(x.name()) + " make?",
                        cap(a(x.name())) + " says " + x.sound() + ".");
            },
            r -> {
                World.Animal x = pick(r, World.ANIMALS);
                return qa("How many legs does " + a(x.name()) + " have?",
                        cap(a(x.name())) + " has " + legs(x.legs()) + ".");
            },
            r -> {
                World.Animal x = pick(r, World.ANIMALS);
                return qa("Where does " + a(x.name()) + " live?",
                        cap(a(x.name())) + " lives " + at(x.home()) + ".");
            },
            r -> {
                World.Animal x = pick(r, World.ANIMALS);
                return qa("What do " + x.plural() + " eat?", cap(x.plural()) + " eat " + x.food() + ".");
            },
            r -> {
                int d = r.nextInt(7);
                return qa("What day comes after " + TimeSentences.day(d) + "?",
                        "The day after " + TimeSentences.day(d) + " is " + TimeSentences.day(d + 1) + ".");
            },
            r -> {
                int d = r.nextInt(7);
                return qa("What day comes before " + TimeSentences.day(d) + "?",
                        "The day before " + TimeSentences.day(d) + " is " + TimeSentences.day(d - 1) + ".");
            },
            r -> {
                int m = r.nextInt(12);
                return qa("What month comes after " + TimeSentences.month(m) + "?",
                        "The month after " + TimeSentences.month(m) + " is "
                                + TimeSentences.month(m + 1) + ".");
            },
            r -> {
                Numbers.Fact f = pick(r, Numbers.FACTS);
                return qa("What is " + Numbers.word(f.a()) + " " + f.opWord() + " "
                        + Numbers.word(f.b()) + "?", cap(Numbers.word(f.a())) + " " + f.opWord()
                        + " " + Numbers.word(f.b()) + " is " + Numbers.word(f.result()) + ".");
            },
            r -> {
                Numbers.Fact f = pick(r, Numbers.FACTS);
                return qa("What is " + f.a() + " " + f.opWord() + " " + f.b() + "?",
                        String.valueOf(f.result()));
            });

    /** How the pair is laid out; the answer always follows the question on the same or next line. */
    private static final List<String[]> STYLES = List.of(
            new String[] {"Q: ", " A: "}, new String[] {"Question: ", "\nAnswer: "},
            new String[] {"Q: ", "\nA: "});

    private QuestionLines() {}

    /** A block of two to four question-answer pairs in one layout. */
    static String block(SplittableRandom random) {
        String[] style = pick(random, STYLES);
        int pairs = 2 + random.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String[] qa = pick(random, TEMPLATES).apply(random);
            sb.append(i == 0 ? "" : "\n").append(style[0]).append(qa[0]).append(style[1]).append(qa[1]);
        }
        return sb.toString();
    }

    static int templateCount() {
        return TEMPLATES.size();
    }

    private static String[] qa(String question, String answer) {
        return new String[] {question, answer};
    }
}
