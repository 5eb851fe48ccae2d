package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.pick;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The instruction task families of the sample data: world questions, answer formats, word
 * transformations and arithmetic. Every output is short and has exactly one right form, so
 * exact-match scoring of the fine-tuned model means something.
 */
final class InstructionTasks {

    /** One family per entry; the split keeps every family in both train and eval. */
    static final List<Function<SplittableRandom, AlpacaRecord>> FAMILIES = List.of(
            r -> sentence(WorldQuestions.capital(r)),
            r -> sentence(WorldQuestions.language(r)),
            r -> sentence(WorldQuestions.continent(r)),
            r -> oneWord(r, WorldQuestions.color(r)),
            r -> oneWord(r, WorldQuestions.sound(r)),
            r -> number(r, WorldQuestions.legCount(r)),
            r -> number(r, WorldQuestions.arithmetic(r)),
            r -> dayOnly(r, WorldQuestions.dayAfter(r)),
            InstructionTasks::listAfter,
            InstructionTasks::reverseWords,
            InstructionTasks::sortWords,
            InstructionTasks::uppercase,
            InstructionTasks::countWords);

    /** Single words a reader knows from the corpus, for the word-list tasks. */
    private static final List<String> WORDS = words();

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
        String suffix = pick(r, List.of(" Answer with a number.", " Reply with just the number.", ""));
        return new AlpacaRecord(q.question() + suffix, "", q.word());
    }

    private static AlpacaRecord dayOnly(SplittableRandom r, WorldQuestions.Question q) {
        String suffix = pick(r, List.of(" Answer with the day only.", " Reply with one word."));
        return new AlpacaRecord(q.question() + suffix, "", q.word());
    }

    /** "List the three days after Monday, separated by commas." -> "Tuesday, Wednesday, Thursday". */
    private static AlpacaRecord listAfter(SplittableRandom r) {
        int n = 2 + r.nextInt(3);
        boolean days = r.nextBoolean();
        List<String> items = days ? World.DAYS : World.MONTHS;
        int start = r.nextInt(items.size());
        List<String> next = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            next.add(items.get((start + i) % items.size()));
        }
        String unit = days ? "days" : "months";
        String instruction = pick(r, List.of(
                "List the %n %u after %s, separated by commas.",
                "Name the %n %u that come after %s. Separate them with commas."))
                .replace("%n", Numbers.word(n)).replace("%u", unit).replace("%s", items.get(start));
        return new AlpacaRecord(instruction, "", String.join(", ", next));
    }

    private static AlpacaRecord reverseWords(SplittableRandom r) {
        List<String> words = drawWords(r);
        List<String> reversed = new ArrayList<>(words);
        Collections.reverse(reversed);
        return new AlpacaRecord(pick(r, List.of("Write these words in reverse order.",
                "Reverse the order of these words.", "Put these words in reverse order.",
                "Write the words below from last to first.")),
                String.join(" ", words), String.join(" ", reversed));
    }

    private static AlpacaRecord sortWords(SplittableRandom r) {
        List<String> words = drawWords(r);
        List<String> sorted = new ArrayList<>(words);
        Collections.sort(sorted);
        return new AlpacaRecord(pick(r, List.of("Sort these words alphabetically.",
                "Put these words in alphabetical order.", "Write these words in A to Z order.")),
                String.join(" ", words), String.join(" ", sorted));
    }

    private static AlpacaRecord uppercase(SplittableRandom r) {
        String sentence = factSentence(r);
        return new AlpacaRecord(pick(r, List.of("Make this sentence uppercase.",
                "Rewrite this sentence in capital letters.", "Convert this text to uppercase.")),
                sentence, sentence.toUpperCase(Locale.ROOT));
    }

    private static AlpacaRecord countWords(SplittableRandom r) {
        String sentence = factSentence(r);
        return new AlpacaRecord(pick(r, List.of("How many words are in this sentence? Answer with a number.",
                "Count the words in this sentence.", "Count the words below and reply with the number.")),
                sentence, String.valueOf(sentence.split(" ").length));
    }

    /** Three to six different words. */
    private static List<String> drawWords(SplittableRandom r) {
        List<String> pool = new ArrayList<>(WORDS);
        int n = 3 + r.nextInt(4);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(pool.remove(r.nextInt(pool.size())));
        }
        return words;
    }

    private static String factSentence(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> pick(r, FactSentences.COUNTRY).apply(pick(r, World.COUNTRIES));
            case 1 -> pick(r, FactSentences.ANIMAL).apply(pick(r, World.ANIMALS));
            default -> pick(r, FactSentences.THING).apply(pick(r, World.THINGS));
        };
    }

    private static List<String> words() {
        List<String> words = new ArrayList<>();
        World.ANIMALS.forEach(x -> words.add(x.name()));
        World.THINGS.stream().map(World.Thing::name).filter(n -> !n.contains(" ")).forEach(words::add);
        World.THINGS.stream().map(World.Thing::color).distinct().forEach(words::add);
        // Animals and things share names (frog, crow); a word list must not repeat itself.
        return words.stream().distinct().toList();
    }
}
