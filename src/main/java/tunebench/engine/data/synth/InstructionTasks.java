package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.pick;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The instruction task families of the sample data: questions about the world answered in one
 * sentence, answers in a required format (one word, a number), and a simple transformation
 * (turning a stated fact into the question it answers). Every output has exactly one right form,
 * so exact-match scoring of the fine-tuned model means something.
 *
 * <p>The families are chosen to be learnable by the 5.5 M-parameter bundled model: answers use
 * the words and sentence shapes of the pre-training corpus. Word-level puzzles (reverse, sort or
 * uppercase a list of words, count words, multi-item lists) were tried and dropped: even full
 * fine-tuning of the tiny model got 0 to 5 of 21 right on each, which hid whether tuning worked.
 */
final class InstructionTasks {

    /** One family per entry; the split keeps every family in both train and eval. */
    static final List<Function<SplittableRandom, AlpacaRecord>> FAMILIES = List.of(
            r -> sentence(WorldQuestions.capital(r)),
            r -> sentence(WorldQuestions.language(r)),
            r -> sentence(WorldQuestions.continent(r)),
            r -> sentence(WorldQuestions.color(r)),
            r -> sentence(WorldQuestions.sound(r)),
            r -> sentence(WorldQuestions.legCount(r)),
            r -> sentence(WorldQuestions.home(r)),
            r -> sentence(WorldQuestions.food(r)),
            r -> sentence(WorldQuestions.dayAfter(r)),
            r -> oneWord(r, WorldQuestions.color(r)),
            r -> oneWord(r, WorldQuestions.sound(r)),
            r -> number(r, WorldQuestions.legCount(r)),
            InstructionTasks::factToQuestion);

    private InstructionTasks() {}

    private static AlpacaRecord sentence(WorldQuestions.Question q) {
        return new AlpacaRecord(q.question(), "", q.sentence());
    }

    private static AlpacaRecord oneWord(SplittableRandom r, WorldQuestions.Question q) {
        String question = Character.toLowerCase(q.question().charAt(0)) + q.question().substring(1);
        String prefix = pick(r, List.of("Answer with one word: ", "In one word, ", "One word only: "));
        return new AlpacaRecord(prefix + question, "", q.word());
    }

    private static AlpacaRecord number(SplittableRandom r, WorldQuestions.Question q) {
        String suffix = pick(r, List.of(" Answer with a number.", " Reply with just the number."));
        return new AlpacaRecord(q.question() + suffix, "", q.word());
    }

    /** "The capital of Peru is Lima." -> "What is the capital of Peru?" (copy and reshape). */
    private static AlpacaRecord factToQuestion(SplittableRandom r) {
        String instruction = pick(r, List.of("Turn this fact into the question it answers.",
                "Write the question that this sentence answers.", "Rewrite this fact as a question."));
        return switch (r.nextInt(3)) {
            case 0 -> {
                World.Country c = pick(r, World.COUNTRIES);
                yield new AlpacaRecord(instruction, "The capital of " + c.name() + " is " + c.capital() + ".",
                        "What is the capital of " + c.name() + "?");
            }
            case 1 -> {
                World.Country c = pick(r, World.COUNTRIES);
                yield new AlpacaRecord(instruction, "People in " + c.name() + " speak " + c.language() + ".",
                        "What language do people speak in " + c.name() + "?");
            }
            default -> {
                World.Animal a = pick(r, World.ANIMALS);
                String an = "aeiou".indexOf(a.name().charAt(0)) >= 0 ? "an " : "a ";
                yield new AlpacaRecord(instruction, "A" + an.substring(1) + a.name() + " says " + a.sound() + ".",
                        "What does " + an + a.name() + " say?");
            }
        };
    }
}
