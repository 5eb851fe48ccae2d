package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a small byte-level BPE on generated English and loads it with DJL. The big-corpus
 * timing runs only with {@code -Dtb.bpe.corpus=PATH} (a text file, or JSONL with "text").
 */
class BpeTrainerTest {

    private static final List<String> SPECIALS =
            List.of("<s>", "</s>", "<pad>", "<|im_start|>", "<|im_end|>");
    private static final String[] SUBJECTS = {"the cat", "the old dog", "a small bird", "my friend",
        "the teacher", "our neighbour", "the children", "a tired farmer", "the engineer"};
    private static final String[] VERBS = {"sees", "likes", "walks to", "reads about", "thinks of",
        "talks with", "waits for", "looks at", "writes to"};
    private static final String[] OBJECTS = {"the river", "the house", "a green garden",
        "the market", "the long road", "an open window", "the station", "the library"};
    private static final String[] TAILS = {".", " today.", " in the morning.", " again!",
        ", and then the rain starts.", "?", " with 3 apples.", " at 10:45."};

    @TempDir
    static Path dir;

    @BeforeAll
    static void train() throws IOException {
        TrainedBpe bpe = BpeTrainer.train(english(400, 7), 400, SPECIALS);
        bpe.writeModelFiles(dir, "<s>", "</s>", "<pad>", ChatTemplate.chatml().source());
    }

    @Test
    void djlLoadsItWithTheRequestedSizeAndSpecialIds() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertEquals(400, tok.vocabSize());
            assertEquals(OptionalLong.of(395), tok.bosId());
            assertEquals(OptionalLong.of(396), tok.eosId());
            assertEquals(OptionalLong.of(397), tok.padId());
            assertEquals(OptionalLong.of(398), tok.tokenId("<|im_start|>"));
            assertEquals(OptionalLong.of(399), tok.tokenId("<|im_end|>"));
            assertTrue(tok.isSpecial(399));
            assertEquals(Boolean.TRUE, tok.config().addBosToken());
            assertEquals(ChatTemplate.chatml().source(), tok.config().chatTemplate());
        }
    }

    @Test
    void roundTripsAnyText() throws IOException {
        List<String> texts = List.of(
                "The cat sees the river.",
                "Call 555-0123 at 10:45, or 3.14159 times 2048!",
                "Quotes \"like this\", (parens) [brackets] {braces}; semi: colon... it's 'fine'",
                "line one\nline two\n\n\tindented\r\nwindows",
                "double  spaces   and trailing space ",
                "  leading spaces",
                "Café, naïve, Grüße — 日本語のテキスト 🙂👍🏽 and 한국어",
                "<|im_start|>user\nhello<|im_end|>\n",
                "");
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            for (String text : texts) {
                assertEquals(text, tok.decode(tok.encode(text)), text);
            }
        }
    }

    @Test
    void frequentWordsBecomeSingleTokens() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            long the = tok.tokenId("Ġthe").orElseThrow();
            assertArrayEquals(new long[] {the}, tok.encode(" the"));
            // Every line starts "The ..." or "A ..."; " cat" and " sees" recur in most lines.
            assertEquals(4, tok.encode("The cat sees the").length);
        }
    }

    @Test
    void specialTokensInTextAreSingleIdsAndBosIsAddedOnRequest() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            long[] ids = tok.encode("<|im_start|>user\nhi<|im_end|>");
            assertEquals(398, ids[0]);
            assertEquals(399, ids[ids.length - 1]);
            assertEquals(395, tok.encode("hi", true)[0]);
            assertEquals(tok.encode("hi").length + 1, tok.encode("hi", true).length);
        }
    }

    @Test
    void withoutBosTheTokenizerAddsNothing(@TempDir Path other) throws IOException {
        TrainedBpe bpe = BpeTrainer.train(english(50, 3), 300, SPECIALS);
        bpe.writeTokenizerJson(other.resolve(TextTokenizer.FILE_NAME));
        try (TextTokenizer tok = TextTokenizer.load(other)) {
            assertArrayEquals(tok.encode("the cat"), tok.encode("the cat", true));
        }
    }

    @Test
    void trainingIsDeterministic(@TempDir Path a, @TempDir Path b) throws IOException {
        BpeTrainer.train(english(400, 7), 400, SPECIALS)
                .writeModelFiles(a, "<s>", "</s>", "<pad>", ChatTemplate.chatml().source());
        for (String name : List.of(TextTokenizer.FILE_NAME, TokenizerConfig.FILE_NAME)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)),
                    Files.readAllBytes(a.resolve(name)), name);
        }
        TrainedBpe first = BpeTrainer.train(english(100, 1), 350, List.of());
        TrainedBpe second = BpeTrainer.train(english(100, 1), 350, List.of());
        assertEquals(first.merges(), second.merges());
        assertEquals(first.tokenizerJson(null), second.tokenizerJson(null));
    }

    @Test
    void stopsWhenTheTextHasNoPairsLeft() {
        TrainedBpe bpe = BpeTrainer.train(List.of("abab abab"), 1000, List.of("<s>"));
        // "ab", "abab", "Ġ"+"abab" -> at most a handful of merges, then the pairs run out.
        assertTrue(bpe.size() < 300, "size " + bpe.size());
        assertEquals(bpe.vocab().size(), bpe.specialTokenId("<s>"));
    }

    @Test
    void rejectsImpossibleSizesAndUnknownSpecialTokens(@TempDir Path other) {
        assertThrows(IllegalArgumentException.class,
                () -> BpeTrainer.train(List.of("x"), 258, SPECIALS));
        TrainedBpe bpe = BpeTrainer.train(List.of("x"), 300, SPECIALS);
        assertThrows(IllegalArgumentException.class,
                () -> bpe.writeModelFiles(other, "<bos>", "</s>", null, null));
    }

    /** Manual timing: -Dtb.bpe.corpus=/tmp/corpus/corpus.jsonl (prints time and chars per token). */
    @Test
    @EnabledIfSystemProperty(named = "tb.bpe.corpus", matches = ".+")
    void trainsABigCorpus(@TempDir Path out) throws IOException {
        Path file = Path.of(System.getProperty("tb.bpe.corpus"));
        List<String> texts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                texts.add(file.toString().endsWith(".jsonl")
                        ? json.readTree(line).path("text").asText() : line + "\n");
            }
        }
        long chars = texts.stream().mapToLong(String::length).sum();
        long start = System.nanoTime();
        TrainedBpe bpe = BpeTrainer.train(texts, 2048, SPECIALS);
        double seconds = (System.nanoTime() - start) / 1e9;
        bpe.writeModelFiles(out, "<s>", "</s>", "<pad>", ChatTemplate.chatml().source());
        long tokens = 0;
        try (TextTokenizer tok = TextTokenizer.load(out)) {
            for (String text : texts) {
                long[] ids = tok.encode(text);
                assertEquals(text, tok.decode(ids));
                tokens += ids.length;
            }
        }
        // A corpus with few distinct words may run out of pairs before 2048.
        System.out.printf("BPE: %d texts, %d chars, vocab %d trained in %.2f s,"
                + " %.2f chars/token%n", texts.size(), chars, bpe.size(), seconds,
                (double) chars / tokens);
    }

    /** Seeded English-like sentences, a few per line, so pairs repeat as in real text. */
    static List<String> english(int lines, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            for (int s = 0, n = 1 + random.nextInt(3); s < n; s++) {
                String subject = pick(random, SUBJECTS);
                line.append(s == 0 ? Character.toUpperCase(subject.charAt(0)) + subject.substring(1)
                        : " " + subject);
                line.append(' ').append(pick(random, VERBS)).append(' ')
                        .append(pick(random, OBJECTS)).append(pick(random, TAILS));
            }
            texts.add(line.append('\n').toString());
        }
        return texts;
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }
}
