package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.pick;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The pre-training corpus for our tiny base model: short documents of simple English about the
 * World (fact paragraphs, Q&A blocks, arithmetic, calendar lines, stories). One seeded
 * SplittableRandom drives every choice, so the same seed gives byte-identical documents.
 */
public final class CorpusGenerator {

    /** Document kinds with their weights; stories are long, so they are drawn less often. */
    private enum Kind {
        COUNTRY(15), ANIMAL(15), THINGS(8), MIXED(12), QUESTIONS(15), ARITHMETIC(10),
        CALENDAR(10), STORY(12);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private static final int TOTAL_WEIGHT =
            java.util.Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();

    private CorpusGenerator() {}

    /** {@code documents} documents; 20,000 give roughly 2.5M characters. */
    public static List<String> generate(long seed, int documents) {
        if (documents < 0) {
            throw new IllegalArgumentException("documents must be >= 0, got " + documents);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> docs = new ArrayList<>(documents);
        for (int i = 0; i < documents; i++) {
            docs.add(document(random, kind(random)));
        }
        return docs;
    }

    /** The number of distinct sentence templates the corpus draws from. */
    public static int templateCount() {
        return FactSentences.templateCount() + TimeSentences.templateCount()
                + QuestionLines.templateCount() + StoryWriter.templateCount();
    }

    /** Writes {@code {"text": "..."}} lines, atomically. */
    public static void writeJsonl(Path file, List<String> docs) throws IOException {
        List<Map<String, String>> lines = new ArrayList<>(docs.size());
        for (String doc : docs) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("text", doc);
            lines.add(line);
        }
        SynthJson.writeLines(file, lines);
    }

    /** Writes a corpus: {@code CorpusGenerator <out.jsonl> [documents] [seed]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "corpus.jsonl");
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        List<String> docs = generate(seed, documents);
        writeJsonl(out, docs);
        long chars = docs.stream().mapToLong(String::length).sum();
        System.out.println("wrote " + docs.size() + " documents, " + chars + " characters to " + out);
    }

    private static Kind kind(SplittableRandom random) {
        int r = random.nextInt(TOTAL_WEIGHT);
        for (Kind kind : Kind.values()) {
            r -= kind.weight;
            if (r < 0) {
                return kind;
            }
        }
        throw new AssertionError();
    }

    private static String document(SplittableRandom random, Kind kind) {
        return switch (kind) {
            case COUNTRY -> paragraph(random, FactSentences.COUNTRY, pick(random, World.COUNTRIES));
            case ANIMAL -> paragraph(random, FactSentences.ANIMAL, pick(random, World.ANIMALS));
            case THINGS -> things(random);
            case MIXED -> mixed(random);
            case QUESTIONS -> QuestionLines.block(random);
            case ARITHMETIC -> arithmetic(random);
            case CALENDAR -> calendar(random);
            case STORY -> StoryWriter.story(random);
        };
    }

    /** Two to four different phrasings about one subject, so facts reinforce each other. */
    private static <T> String paragraph(SplittableRandom random, List<Function<T, String>> templates,
                                        T subject) {
        List<Function<T, String>> left = new ArrayList<>(templates);
        int n = 2 + random.nextInt(3);
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sentences.add(left.remove(random.nextInt(left.size())).apply(subject));
        }
        return String.join(" ", sentences);
    }

    private static String things(SplittableRandom random) {
        int n = 2 + random.nextInt(3);
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sentences.add(pick(random, FactSentences.THING).apply(pick(random, World.THINGS)));
        }
        return String.join(" ", sentences);
    }

    /** Sentences from every domain in one paragraph, as real text jumps between topics. */
    private static String mixed(SplittableRandom random) {
        int n = 2 + random.nextInt(3);
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sentences.add(switch (random.nextInt(4)) {
                case 0 -> pick(random, FactSentences.COUNTRY).apply(pick(random, World.COUNTRIES));
                case 1 -> pick(random, FactSentences.ANIMAL).apply(pick(random, World.ANIMALS));
                case 2 -> pick(random, FactSentences.THING).apply(pick(random, World.THINGS));
                default -> TimeSentences.any(random);
            });
        }
        return String.join(" ", sentences);
    }

    /** Arithmetic as a worksheet, one fact per line. */
    private static String arithmetic(SplittableRandom random) {
        int n = 3 + random.nextInt(4);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(TimeSentences.arithmetic(random, true));
        }
        return String.join("\n", lines);
    }

    private static String calendar(SplittableRandom random) {
        int n = 2 + random.nextInt(3);
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sentences.add(switch (random.nextInt(3)) {
                case 0 -> pick(random, TimeSentences.DAY).apply(random.nextInt(7));
                case 1 -> pick(random, TimeSentences.MONTH).apply(random.nextInt(12));
                default -> TimeSentences.any(random);
            });
        }
        return String.join(" ", sentences);
    }
}
