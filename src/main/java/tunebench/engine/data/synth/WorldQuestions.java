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
 * Questions about the World with their answers, in the words the corpus uses, so a fine-tune only
 * has to teach the answer's form. Shared by the instruction tasks and the preference pairs.
 */
final class WorldQuestions {

    /** A question, its one-sentence answer, and the bare answer ("Tokyo", "12", "the pond"). */
    record Question(String question, String sentence, String word) {}

    static final List<Function<SplittableRandom, Question>> FAMILIES = List.of(
            WorldQuestions::capital, WorldQuestions::language, WorldQuestions::continent,
            WorldQuestions::color, WorldQuestions::sound, WorldQuestions::legCount,
            WorldQuestions::home, WorldQuestions::food, WorldQuestions::dayAfter,
            WorldQuestions::arithmetic);

    private WorldQuestions() {}

    static Question capital(SplittableRandom r) {
        World.Country c = pick(r, World.COUNTRIES);
        String q = pick(r, List.of("What is the capital of %s?", "Which city is the capital of %s?",
                "Name the capital of %s.", "Tell me the capital of %s.")).replace("%s", c.name());
        return new Question(q, "The capital of " + c.name() + " is " + c.capital() + ".", c.capital());
    }

    static Question language(SplittableRandom r) {
        World.Country c = pick(r, World.COUNTRIES);
        String q = pick(r, List.of("What language do people speak in %s?",
                "Which language is spoken in %s?")).replace("%s", c.name());
        return new Question(q, "People in " + c.name() + " speak " + c.language() + ".", c.language());
    }

    static Question continent(SplittableRandom r) {
        World.Country c = pick(r, World.COUNTRIES);
        String q = pick(r, List.of("Which continent is %s in?", "On which continent is %s?"))
                .replace("%s", c.name());
        return new Question(q, c.name() + " is in " + c.continent() + ".", c.continent());
    }

    static Question color(SplittableRandom r) {
        World.Thing t = pick(r, World.THINGS);
        String q = pick(r, List.of("What color %s the %t?", "What is the color of the %t?"))
                .replace("%s", t.plural() ? "are" : "is").replace("%t", t.name());
        return new Question(q, cap(is(t)) + " " + t.color() + ".", cap(t.color()));
    }

    static Question sound(SplittableRandom r) {
        World.Animal x = pick(r, World.ANIMALS);
        String q = pick(r, List.of("What sound does %a make?", "What does %a say?"))
                .replace("%a", a(x.name()));
        return new Question(q, cap(a(x.name())) + " says " + x.sound() + ".", cap(x.sound()));
    }

    static Question legCount(SplittableRandom r) {
        World.Animal x = pick(r, World.ANIMALS);
        return new Question("How many legs does " + a(x.name()) + " have?",
                cap(a(x.name())) + " has " + legs(x.legs()) + ".", String.valueOf(x.legs()));
    }

    static Question home(SplittableRandom r) {
        World.Animal x = pick(r, World.ANIMALS);
        return new Question("Where does " + a(x.name()) + " live?",
                cap(a(x.name())) + " lives " + at(x.home()) + ".", x.home());
    }

    static Question food(SplittableRandom r) {
        World.Animal x = pick(r, World.ANIMALS);
        return new Question("What do " + x.plural() + " eat?",
                cap(x.plural()) + " eat " + x.food() + ".", x.food());
    }

    static Question dayAfter(SplittableRandom r) {
        int d = r.nextInt(7);
        boolean after = r.nextBoolean();
        String answer = TimeSentences.day(after ? d + 1 : d - 1);
        String rel = after ? "after" : "before";
        return new Question("What day comes " + rel + " " + TimeSentences.day(d) + "?",
                "The day " + rel + " " + TimeSentences.day(d) + " is " + answer + ".", answer);
    }

    static Question arithmetic(SplittableRandom r) {
        Numbers.Fact f = pick(r, Numbers.FACTS);
        String q = r.nextBoolean()
                ? "What is " + f.a() + " " + f.opWord() + " " + f.b() + "?"
                : "What is " + Numbers.word(f.a()) + " " + f.opWord() + " " + Numbers.word(f.b()) + "?";
        return new Question(q, f.a() + " " + f.opWord() + " " + f.b() + " is " + f.result() + ".",
                String.valueOf(f.result()));
    }
}
