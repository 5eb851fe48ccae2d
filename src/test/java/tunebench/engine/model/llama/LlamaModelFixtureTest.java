package tunebench.engine.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.generate.GeneratedText;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.testing.Fixtures;

/** Our Llama against transformers' outputs on ../shared/fixtures/tiny-llama. */
class LlamaModelFixtureTest {

    private static LoadedModel loaded;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
        expected = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json"));
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    private static long[][] inputIds() {
        JsonNode ids = expected.get("input_ids");
        return new long[][] {Fixtures.longs(ids.get(0)), Fixtures.longs(ids.get(1))};
    }

    @Test
    void logitsMatchTransformersWithin1e4() {
        try (NDManager m = loaded.model().manager().newSubManager()) {
            NDArray logits = loaded.model().forward(m.create(inputIds()), null, null, null, false);
            assertArrayEquals(new long[] {2, 24, 320}, logits.getShape().getShape());
            float diff = Fixtures.maxAbsDiff(logits.toFloatArray(),
                    Fixtures.flatFloats(expected.get("logits")));
            assertTrue(diff <= 1e-4, "max abs logit difference " + diff);
        }
    }

    @Test
    void hiddenStatesMatchLayerByLayer() throws Exception {
        try (NDManager m = loaded.model().manager().newSubManager();
                SafetensorsReader ref = SafetensorsReader.open(
                        Fixtures.tinyLlama().resolve("expected_logits.safetensors"))) {
            List<NDArray> hidden = new ArrayList<>();
            loaded.model().forward(m.create(inputIds()), null, null, null, false, hidden);
            assertEquals(3, hidden.size());
            for (int i = 0; i < 3; i++) {
                float diff = Fixtures.maxAbsDiff(hidden.get(i).toFloatArray(),
                        ref.read("hidden_states." + i, m).toFloatArray());
                assertTrue(diff <= 1e-4, "hidden_states." + i + " differs by " + diff);
            }
        }
    }

    @Test
    void paddingMaskOfOnesChangesNothing() {
        try (NDManager m = loaded.model().manager().newSubManager()) {
            NDArray ids = m.create(inputIds());
            float[] plain = loaded.model().forward(ids, null, null, null, false).toFloatArray();
            float[] masked = loaded.model()
                    .forward(ids, m.ones(ids.getShape(), ai.djl.ndarray.types.DataType.INT64),
                            null, null, false)
                    .toFloatArray();
            assertEquals(0f, Fixtures.maxAbsDiff(plain, masked));
        }
    }

    @Test
    void greedyContinuationIsIdentical() {
        JsonNode greedy = expected.get("greedy");
        long[] prompt = Fixtures.longs(greedy.get("prompt_ids"));
        long[] want = Fixtures.longs(greedy.get("new_tokens"));
        Generator g = new Generator(loaded.model(), null, loaded.padTokenId());
        // the fixture was generated with eos_token_id=None: never stop early
        GeneratedText out = g.generate(List.of(prompt), GenerationSpec.greedy(want.length),
                tunebench.engine.generate.GenerationListener.NONE).get(0);
        assertArrayEquals(want, out.ids());
        assertEquals(GeneratedText.FinishReason.LENGTH, out.finishReason());
    }

    @Test
    void greedyStepLogitsMatchTransformers() {
        JsonNode greedy = expected.get("greedy");
        long[] full = Fixtures.longs(greedy.get("full_sequence"));
        long[] prompt = Fixtures.longs(greedy.get("prompt_ids"));
        float[] want = Fixtures.flatFloats(greedy.get("step_logits"));
        int vocab = 320;
        int steps = want.length / vocab;
        try (NDManager m = loaded.model().manager().newSubManager()) {
            NDArray logits = loaded.model()
                    .forward(m.create(new long[][] {full}), null, null, null, false); // (1, len, vocab)
            // step s chose from the logits at position prompt.length - 1 + s
            NDArray chosen = logits.get("0, " + (prompt.length - 1) + ":" + (prompt.length - 1 + steps) + ", :");
            float diff = Fixtures.maxAbsDiff(chosen.toFloatArray(), want);
            assertTrue(diff <= 1e-4, "step logits differ by " + diff);
        }
    }
}
