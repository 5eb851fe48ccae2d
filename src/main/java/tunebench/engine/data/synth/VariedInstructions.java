package tunebench.engine.data.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Many varied Alpaca records for timing dataset checks at scale: word puzzles on random words,
 * sums of random numbers, facts in capitals and short stories, so that, unlike the sample
 * instructions, 100,000 of them are nearly all different. A known share are planted exact and
 * near duplicates (one word of the output changed) of earlier records.
 */
public final class VariedInstructions {

    private static final List<String> WORDS = vocabulary();

    /**
     * @param exact the lines (1-based, as JSONL) planted as exact copies
     * @param near  the lines planted as near copies
     */
    public record Planted(List<AlpacaRecord> records, List<Integer> exact, List<Integer> near) {}

    private VariedInstructions() {}

    /** {@code n} records, about 1% exact and 1% near duplicates of random earlier ones. */
    public static Planted generate(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<AlpacaRecord> records = new ArrayList<>(n);
        List<Integer> exact = new ArrayList<>();
        List<Integer> near = new ArrayList<>();
        while (records.size() < n) {
            int roll = r.nextInt(100);
            if (records.size() > 100 && roll == 0) {
                records.add(records.get(r.nextInt(records.size())));
                exact.add(records.size());
            } else if (records.size() > 100 && roll == 1) {
                AlpacaRecord source = records.get(r.nextInt(records.size()));
                String[] words = source.output().split(" ");
                if (words.length < 12) {
                    continue; // one word of a short answer is not a near copy
                }
                words[r.nextInt(words.length)] = "changed";
                records.add(new AlpacaRecord(source.instruction(), source.input(), String.join(" ", words)));
                near.add(records.size());
            } else {
                records.add(next(r));
            }
        }
        return new Planted(records, exact, near);
    }

    /** One record per line, atomically. */
    public static void writeJsonl(Path file, List<AlpacaRecord> records) throws IOException {
        SynthJson.writeLines(file, records.stream().map(AlpacaRecord::toJson).toList());
    }

    private static AlpacaRecord next(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> {
                List<String> words = draw(r, 6 + r.nextInt(10));
                List<String> reversed = new ArrayList<>(words);
                Collections.reverse(reversed);
                yield new AlpacaRecord("Write these words in reverse order.", String.join(" ", words),
                        String.join(" ", reversed));
            }
            case 1 -> {
                List<String> words = draw(r, 6 + r.nextInt(10));
                List<String> sorted = new ArrayList<>(words);
                Collections.sort(sorted);
                yield new AlpacaRecord("Sort these words alphabetically.", String.join(" ", words),
                        String.join(" ", sorted));
            }
            case 2 -> {
                int a = r.nextInt(1_000_000);
                int b = r.nextInt(1_000_000);
                yield new AlpacaRecord("What is " + a + " plus " + b + "? Show the sum.", "",
                        a + " plus " + b + " is " + (a + b) + ".");
            }
            case 3 -> {
                String text = String.join(" ", draw(r, 12 + r.nextInt(20)));
                yield new AlpacaRecord("Rewrite this text in capital letters.", text,
                        text.toUpperCase(Locale.ROOT));
            }
            default -> new AlpacaRecord("Write a short story about " + String.join(" and ", draw(r, 2)) + ".",
                    "", StoryWriter.story(r));
        };
    }

    private static List<String> draw(SplittableRandom r, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(WORDS.get(r.nextInt(WORDS.size())));
        }
        return out;
    }

    /** The world's names and a syllable-built tail, some thousands of words. */
    private static List<String> vocabulary() {
        List<String> words = new ArrayList<>();
        World.ANIMALS.forEach(a -> words.add(a.name()));
        World.COUNTRIES.forEach(c -> words.add(c.name().toLowerCase(Locale.ROOT).replace(' ', '-')));
        World.THINGS.forEach(t -> words.add(t.name().replace(' ', '-')));
        String[] syllables = {"ka", "lo", "mi", "ra", "tu", "ve", "sho", "pin", "dar", "el", "gru", "fen"};
        for (String a : syllables) {
            for (String b : syllables) {
                for (String c : syllables) {
                    words.add(a + b + c);
                }
            }
        }
        return List.copyOf(words);
    }
}
