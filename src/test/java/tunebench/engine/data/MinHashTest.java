package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.tokenizer.ChatMessage;

class MinHashTest {

    private static Example chat(int line, String user, String assistant) {
        return new Example(List.of(ChatMessage.user(user), ChatMessage.assistant(assistant)), null, null, line);
    }

    /** Random sentences over a 2,000-word vocabulary: unrelated texts share almost nothing. */
    private static String sentence(SplittableRandom r, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append("w").append(r.nextInt(2000));
        }
        return s.toString();
    }

    @Test
    void estimateIsWithinThreeStandardErrorsOfTheExactJaccard() {
        SplittableRandom r = new SplittableRandom(1);
        MinHash minHash = new MinHash();
        for (int trial = 0; trial < 50; trial++) {
            long[] a = new long[200 + r.nextInt(200)];
            for (int i = 0; i < a.length; i++) {
                a[i] = TextKey.mix(r.nextLong());
            }
            int shared = r.nextInt(a.length);
            long[] b = new long[a.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = i < shared ? a[i] : TextKey.mix(r.nextLong());
            }
            long[] sa = a.clone();
            long[] sb = b.clone();
            java.util.Arrays.sort(sa);
            java.util.Arrays.sort(sb);
            double exact = MinHash.jaccard(sa, sb);
            double estimate = MinHash.estimate(minHash.signature(a), minHash.signature(b));
            double error = Math.sqrt(exact * (1 - exact) / minHash.permutations());
            assertTrue(Math.abs(estimate - exact) <= 3 * error + 1e-9,
                    "estimate " + estimate + " vs exact " + exact);
        }
    }

    @Test
    void bagOfWordsIgnoresCaseSpacingAndPunctuationButCountsRepeats() {
        long[] a = TextKey.shingles(chat(1, "What is the capital of Japan?", "Tokyo."), 1);
        long[] b = TextKey.shingles(chat(2, "what is the  CAPITAL of japan ?", "tokyo"), 1);
        long[] c = TextKey.shingles(chat(3, "What is the capital of Japan? Japan?", "Tokyo."), 1);
        assertEquals(1.0, MinHash.jaccard(a, b));
        assertTrue(MinHash.jaccard(a, c) < 1, "a repeated word is a new shingle");
    }

    @Test
    void lshFindsAPlantedNearDuplicateAmongTenThousandAndNothingElse() {
        SplittableRandom r = new SplittableRandom(7);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            examples.add(chat(i + 1, sentence(r, 12), sentence(r, 30)));
        }
        Example source = examples.get(1234);
        String answer = source.chosen().replaceFirst("^\\S+", "changed");
        examples.add(8765, chat(0, source.messages().get(0).content().toUpperCase(), answer));

        List<NearDuplicates.Match> found = NearDuplicates.find(examples, 0.85, 1, new MinHash());

        assertEquals(1, found.size(), found.toString());
        assertEquals(8765, found.get(0).index());
        assertEquals(1234, found.get(0).first());
        // 42 words and 2 role markers, one word replaced: 43 shared of 45.
        assertEquals(43.0 / 45, found.get(0).similarity(), 1e-9);
    }

    @Test
    void bandingCatchesPairsAtTheThresholdAlmostAlways() {
        for (double t : new double[] {0.5, 0.7, 0.8, 0.85, 0.9}) {
            int[] br = NearDuplicates.banding(t, 128);
            assertTrue(br[0] * br[1] <= 128);
            double recall = 1 - Math.pow(1 - Math.pow(t, br[1]), br[0]);
            assertTrue(recall >= 0.99, t + ": " + recall);
        }
    }
}
