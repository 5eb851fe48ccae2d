package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.pick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An Alpaca JSONL file with one of every problem dataset validation finds in a flat format, each
 * at a known line, so the validator, the dataset view and the docs can all point at the same
 * lines ({@link FlawedChatFile} has the conversation ones).
 *
 * @param lines the file's lines, without line terminators
 * @param flaws what is wrong, by 1-based line
 */
public record FlawedFile(List<String> lines, List<Flaw> flaws) {

    /** One planted problem; {@code kind} uses DataProblem's names where one exists. */
    public record Flaw(int line, String kind, String description) {}

    public FlawedFile {
        lines = List.copyOf(lines);
        flaws = List.copyOf(flaws);
    }

    /** Fixed content: the file is documentation, so it never changes with a seed. */
    static FlawedFile create() {
        String nearSource = SynthJson.line(new AlpacaRecord("What is the capital of Japan?", "",
                "The capital of Japan is Tokyo.").toJson());
        SplittableRandom random = new SplittableRandom(7);
        List<String> lines = new ArrayList<>();
        while (lines.size() < 24) {
            AlpacaRecord r = Text.pick(random, WORD_TASKS).apply(random);
            String line = SynthJson.line(r.toJson());
            if (unlikeAll(line, lines) && unlikeAll(line, List.of(nearSource))) {
                lines.add(line);
            }
        }
        // Index 3 becomes line 5 once the malformed line is planted before it.
        lines.set(3, nearSource);
        List<Flaw> flaws = new ArrayList<>();

        plant(lines, flaws, 4, "malformed-json", "a record cut off before its closing brace",
                "{\"instruction\": \"What is the capital of Peru?\", \"input\": \"\", "
                        + "\"output\": \"The capital of Peru is Lima.\"");
        plant(lines, flaws, 7, "missing-field", "the record has no \"output\" field",
                SynthJson.line(SynthJson.object("instruction", "What color is the grass?", "input", "")));
        plant(lines, flaws, 10, "empty-field", "the \"output\" is an empty string",
                SynthJson.line(new AlpacaRecord("Sort these words alphabetically.", "pear cat fig", "")
                        .toJson()));
        plant(lines, flaws, 13, "duplicate", "the same bytes as line 2", lines.get(1));
        plant(lines, flaws, 16, "near-duplicate", "line 5 with different case and spacing in the "
                        + "instruction and one word of the output changed",
                SynthJson.line(new AlpacaRecord("what is the  CAPITAL of japan ?", "",
                        "The capital of Japan was Tokyo.").toJson()));
        plant(lines, flaws, 19, "too-long", "an output of over 3000 words, far beyond any "
                + "context length Tunebench trains with", SynthJson.line(longStory().toJson()));
        plant(lines, flaws, 22, "mixed-format", "a chat \"messages\" record inside an Alpaca file",
                SynthJson.line(SynthJson.object("messages", List.of(
                        SynthJson.object("role", "user", "content", "What is 2 plus 2?"),
                        SynthJson.object("role", "assistant", "content", "4")))));
        plant(lines, flaws, 25, "mixed-format", "a ShareGPT \"conversations\" record inside an "
                + "Alpaca file", SynthJson.line(SynthJson.object("conversations", List.of(
                        SynthJson.object("from", "human", "value", "What day comes after Friday?"),
                        SynthJson.object("from", "gpt", "value", "Saturday")))));
        // In place of a valid line, so the lines after it stay where they were.
        lines.set(27, SynthJson.line(SynthJson.object("instruction",
                "How many legs does a spider have? Answer with a number.", "input", "", "output", 8)));
        flaws.add(new Flaw(28, "wrong-type", "the \"output\" is the number 8, not a string"));
        return new FlawedFile(lines, flaws);
    }

    /**
     * The valid lines are word puzzles on random words (reverse, sort, uppercase, count): they
     * share little with each other, so the only near duplicate a validator finds is the planted
     * one. (The sample instructions themselves share too many words to stay that far apart.)
     */
    private static final List<java.util.function.Function<SplittableRandom, AlpacaRecord>> WORD_TASKS =
            List.of(FlawedFile::reverseWords, FlawedFile::sortWords, FlawedFile::uppercase,
                    FlawedFile::countWords);

    private static final List<String> FLAW_WORDS = words();

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
        List<String> pool = new ArrayList<>(FLAW_WORDS);
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

    /**
     * True when {@code line} shares under half its words with every line so far, so that the only
     * near duplicate a validator finds is the planted one.
     */
    private static boolean unlikeAll(String line, List<String> lines) {
        Set<String> words = words(line);
        for (String other : lines) {
            Set<String> common = new HashSet<>(words);
            Set<String> otherWords = words(other);
            common.retainAll(otherWords);
            Set<String> union = new HashSet<>(words);
            union.addAll(otherWords);
            if (common.size() * 2 >= union.size()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> words(String line) {
        return new HashSet<>(Arrays.asList(line.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
    }

    /** Inserts {@code line} so that it becomes 1-based line {@code number}. */
    private static void plant(List<String> lines, List<Flaw> flaws, int number, String kind,
                              String description, String line) {
        lines.add(number - 1, line);
        flaws.add(new Flaw(number, kind, description));
    }

    private static AlpacaRecord longStory() {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder story = new StringBuilder();
        while (story.toString().split(" ").length < 3000) {
            story.append(story.isEmpty() ? "" : " ").append(StoryWriter.story(random));
        }
        return new AlpacaRecord("Write a very long story about a farmer.",
                "", story.toString());
    }
}
