package tunebench.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.KvCache;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.testing.Fixtures;

/** Decoding on the fixture model: cache, padding, sampling, stopping. */
class GeneratorTest {

    private static LoadedModel loaded;
    private static final long[] PROMPT = {232, 107, 318, 261, 269, 106, 161, 268};
    private static final long[] SHORT = {91, 300, 79};

    @BeforeAll
    static void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    private static Generator generator() {
        // ids rendered as text "<id>" so stop strings and streaming can be tested without a tokenizer
        return new Generator(loaded.model(), ids -> {
            StringBuilder sb = new StringBuilder();
            for (long id : ids) {
                sb.append('<').append(id).append('>');
            }
            return sb.toString();
        }, loaded.padTokenId());
    }

    @Test
    void cachedLogitsEqualRecomputation() {
        try (NDManager m = loaded.model().manager().newSubManager();
                KvCache cache = loaded.model().newCache()) {
            NDArray full = loaded.model().forward(m.create(new long[][] {PROMPT}), null, null, null, false);
            // feed the same tokens one at a time through the cache
            for (int t = 0; t < PROMPT.length; t++) {
                NDArray step = loaded.model().forward(
                        m.create(new long[][] {{PROMPT[t]}}), null, null, cache, false);
                float diff = Fixtures.maxAbsDiff(step.toFloatArray(),
                        full.get("0, " + t + ", :").toFloatArray());
                assertTrue(diff < 1e-5, "position " + t + " differs by " + diff);
            }
            assertEquals(PROMPT.length, cache.length());
        }
    }

    @Test
    void sampledTextWithCacheEqualsRecomputation() {
        GenerationSpec spec = GenerationSpec.defaults().withMaxNewTokens(20)
                .withSampling(0.9, 40, 0.95).withSeed(42L);
        List<GeneratedText> cached = generator().generate(List.of(PROMPT), spec, GenerationListener.NONE);
        List<GeneratedText> recomputed = generator().generateWithoutCache(List.of(PROMPT), spec);
        assertArrayEquals(recomputed.get(0).ids(), cached.get(0).ids());
    }

    @Test
    void leftPaddedBatchMatchesEachPromptAlone() {
        GenerationSpec spec = GenerationSpec.greedy(10);
        List<GeneratedText> batch = generator().generate(List.of(PROMPT, SHORT), spec, GenerationListener.NONE);
        GeneratedText alone0 = generator().generate(List.of(PROMPT), spec, GenerationListener.NONE).get(0);
        GeneratedText alone1 = generator().generate(List.of(SHORT), spec, GenerationListener.NONE).get(0);
        assertArrayEquals(alone0.ids(), batch.get(0).ids());
        assertArrayEquals(alone1.ids(), batch.get(1).ids());
    }

    @Test
    void oneSeedGivesOneTextAndAnotherSeedAnother() {
        GenerationSpec spec = GenerationSpec.defaults().withMaxNewTokens(24)
                .withSampling(1.5, 0, 1.0).withSeed(7L);
        long[] a = generator().generate(List.of(PROMPT), spec, GenerationListener.NONE).get(0).ids();
        long[] b = generator().generate(List.of(PROMPT), spec, GenerationListener.NONE).get(0).ids();
        long[] c = generator().generate(List.of(PROMPT), spec.withSeed(8L), GenerationListener.NONE).get(0).ids();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c), "seeds 7 and 8 gave the same text");
    }

    @Test
    void topKOfOneIsGreedy() {
        long[] greedy = generator().generate(List.of(PROMPT), GenerationSpec.greedy(12),
                GenerationListener.NONE).get(0).ids();
        GenerationSpec k1 = GenerationSpec.defaults().withMaxNewTokens(12).withSampling(2.0, 1, 1.0).withSeed(3L);
        assertArrayEquals(greedy, generator().generate(List.of(PROMPT), k1, GenerationListener.NONE).get(0).ids());
        GenerationSpec tinyP = GenerationSpec.defaults().withMaxNewTokens(12).withSampling(1.0, 0, 1e-6).withSeed(3L);
        assertArrayEquals(greedy, generator().generate(List.of(PROMPT), tinyP, GenerationListener.NONE).get(0).ids());
    }

    @Test
    void repetitionPenaltyAvoidsRepeats() {
        long[] plain = generator().generate(List.of(PROMPT), GenerationSpec.greedy(30),
                GenerationListener.NONE).get(0).ids();
        long[] penalized = generator().generate(List.of(PROMPT),
                GenerationSpec.greedy(30).withRepetitionPenalty(100.0), GenerationListener.NONE).get(0).ids();
        assertTrue(distinct(penalized) > distinct(plain),
                "penalty did not reduce repeats: " + distinct(plain) + " vs " + distinct(penalized));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long p : PROMPT) {
            seen.add(p);
        }
        for (long id : penalized) {
            assertTrue(seen.add(id), "token " + id + " repeated under a huge penalty");
        }
    }

    private static long distinct(long[] ids) {
        return java.util.Arrays.stream(ids).distinct().count();
    }

    @Test
    void stopsAtEosAndAtStopStrings() {
        long[] greedy = generator().generate(List.of(PROMPT), GenerationSpec.greedy(12),
                GenerationListener.NONE).get(0).ids();
        // pretend the 5th greedy token is the eos token
        GeneratedText eos = generator().generate(List.of(PROMPT),
                GenerationSpec.greedy(12).withEosTokenIds(List.of(greedy[4])), GenerationListener.NONE).get(0);
        assertEquals(GeneratedText.FinishReason.EOS, eos.finishReason());
        assertEquals(java.util.Arrays.stream(greedy).limit(5).boxed().toList(),
                java.util.Arrays.stream(eos.ids()).boxed().toList());
        assertFalse(eos.text().contains("<" + greedy[4] + ">"), "eos token leaked into the text");
        String stop = "<" + greedy[3] + ">";
        GeneratedText stopped = generator().generate(List.of(PROMPT),
                GenerationSpec.greedy(12).withStopStrings(List.of(stop)), GenerationListener.NONE).get(0);
        assertEquals(GeneratedText.FinishReason.STOP_STRING, stopped.finishReason());
        assertFalse(stopped.text().contains(stop));
        assertTrue(stopped.ids().length <= 4 + 1);
    }

    @Test
    void streamedDeltasAddUpToTheText() {
        StringBuilder streamed = new StringBuilder();
        List<Long> ids = new ArrayList<>();
        GeneratedText out = generator().generate(List.of(PROMPT), GenerationSpec.greedy(9),
                new GenerationListener() {
                    @Override
                    public void tokenGenerated(int row, long tokenId, String textDelta) {
                        ids.add(tokenId);
                        streamed.append(textDelta);
                    }
                }).get(0);
        assertEquals(out.text(), streamed.toString());
        assertEquals(9, ids.size());
        assertNotEquals("", out.text());
    }

    @Test
    void cancellingStopsBetweenSteps() {
        int[] calls = {0};
        GeneratedText out = generator().generate(List.of(PROMPT), GenerationSpec.greedy(50),
                new GenerationListener() {
                    @Override
                    public boolean cancelled() {
                        return calls[0]++ >= 3;
                    }
                }).get(0);
        assertEquals(3, out.ids().length);
        assertEquals(GeneratedText.FinishReason.CANCELLED, out.finishReason());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> GenerationSpec.greedy(0));
        assertThrows(IllegalArgumentException.class,
                () -> GenerationSpec.defaults().withSampling(0.0, 10, 0.9));
        assertThrows(IllegalArgumentException.class,
                () -> GenerationSpec.defaults().withSampling(1.0, 10, 1.5));
    }
}
