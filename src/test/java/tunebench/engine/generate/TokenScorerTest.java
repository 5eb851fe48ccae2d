package tunebench.engine.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.testing.Fixtures;

/** Teacher-forced log-probs on the fixture, checked against the logits of plain forward passes. */
class TokenScorerTest {

    private static LoadedModel loaded;
    private static long[] sequence;
    private static final int PROMPT = 8;

    @BeforeAll
    static void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
        sequence = Fixtures.longs(Fixtures.json(Fixtures.tinyLlama().resolve("expected.json"))
                .get("input_ids").get(0));
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    @Test
    void logProbsMatchLogSoftmaxOfAPlainForwardPass() {
        float[] expected = fromLogits(forwardLogits(sequence), sequence, PROMPT);

        float[] actual = new TokenScorer(loaded.model()).logProbs(prompt(), continuation());

        assertEquals(sequence.length - PROMPT, actual.length);
        assertTrue(Fixtures.maxAbsDiff(expected, actual) <= 1e-5,
                "differs by " + Fixtures.maxAbsDiff(expected, actual));
    }

    @Test
    void logProbsMatchPythonReferenceLogits() {
        JsonNode ref = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json"));
        float[] logits = Arrays.copyOf(Fixtures.flatFloats(ref.get("logits")), sequence.length * 320);
        float[] expected = fromLogits(logits, sequence, PROMPT);

        float[] actual = new TokenScorer(loaded.model()).logProbs(prompt(), continuation());

        // transformers' logits agree with ours to 1e-4 (the fixture's tolerance), so do their log-softmaxes
        assertTrue(Fixtures.maxAbsDiff(expected, actual) <= 1e-4);
    }

    @Test
    void scoresUnderTheActiveAdapter() throws Exception {
        LoraAdapter adapter = PeftAdapterReader.read(loaded.model(), "scorer-test",
                Fixtures.tinyLlama().resolve("adapter"));
        try {
            float[] base = new TokenScorer(loaded.model()).logProbs(prompt(), continuation());
            adapter.activate(false);
            float[] expected = fromLogits(forwardLogits(sequence), sequence, PROMPT);
            float[] tuned = new TokenScorer(loaded.model()).logProbs(prompt(), continuation());

            assertTrue(Fixtures.maxAbsDiff(expected, tuned) <= 1e-5);
            assertTrue(Fixtures.maxAbsDiff(base, tuned) > 1e-3, "the adapter changes the scores");
        } finally {
            LoraAdapter.deactivateAll(loaded.model());
            adapter.close();
        }
    }

    @Test
    void greedyTokensAreTheMostLikelyOnes() {
        long[] prompt = prompt();
        long[] greedy = new Generator(loaded.model(), null, 0)
                .generate(List.of(prompt), GenerationSpec.greedy(10), GenerationListener.NONE)
                .get(0).ids();
        long[] all = concat(prompt, greedy);
        float[] logits = forwardLogits(all);

        float[] scores = new TokenScorer(loaded.model()).logProbs(prompt, greedy);

        for (int i = 0; i < greedy.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            int row = (prompt.length - 1 + i) * 320;
            double[] lp = logSoftmax(logits, row);
            for (double v : lp) {
                best = Math.max(best, v);
            }
            assertEquals(best, scores[i], 1e-5, "token " + i);
        }
    }

    @Test
    void emptyContinuationScoresNothingAndAPromptIsRequired() {
        TokenScorer scorer = new TokenScorer(loaded.model());
        assertEquals(0, scorer.logProbs(prompt(), new long[0]).length);
        assertThrows(IllegalArgumentException.class, () -> scorer.logProbs(new long[0], continuation()));
    }

    private static long[] prompt() {
        return Arrays.copyOfRange(sequence, 0, PROMPT);
    }

    private static long[] continuation() {
        return Arrays.copyOfRange(sequence, PROMPT, sequence.length);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** (seq, vocab) logits of one row, flattened. */
    private static float[] forwardLogits(long[] ids) {
        try (NDManager m = loaded.model().manager().newSubManager()) {
            return loaded.model().forward(m.create(new long[][] {ids}), null, null, null, false)
                    .toFloatArray();
        }
    }

    /** The reference: log-softmax in double of the row before each continuation token. */
    private static float[] fromLogits(float[] logits, long[] ids, int promptLength) {
        float[] out = new float[ids.length - promptLength];
        for (int i = 0; i < out.length; i++) {
            double[] lp = logSoftmax(logits, (promptLength - 1 + i) * 320);
            out[i] = (float) lp[(int) ids[promptLength + i]];
        }
        return out;
    }

    private static double[] logSoftmax(float[] logits, int offset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < 320; v++) {
            max = Math.max(max, logits[offset + v]);
        }
        double sum = 0;
        for (int v = 0; v < 320; v++) {
            sum += Math.exp(logits[offset + v] - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[320];
        for (int v = 0; v < 320; v++) {
            out[v] = logits[offset + v] - log;
        }
        return out;
    }
}
