package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.data.SftBatch;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.Scalars;
import tunebench.engine.quant.QuantSpec;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.testing.Fixtures;

/**
 * Gradient checkpointing gives the gradients one backward over the whole graph gives: LoRA,
 * full fine-tuning (embedding and head included) and QLoRA on the fixture, and with dropout
 * the recomputed layers replay the first pass's masks.
 */
class GradientCheckpointingTest {

    /** The fixture's SFT batch: two rows, the second right-padded. */
    private static SftBatch fixtureBatch() {
        JsonNode sft = Fixtures.json(Fixtures.tinyLlama().resolve("sft.json"));
        long[][] ids = matrix(sft.get("input_ids"));
        long[][] positions = new long[ids.length][ids[0].length];
        int[][] segments = new int[ids.length][ids[0].length];
        return new SftBatch(ids, matrix(sft.get("attention_mask")), matrix(sft.get("labels")),
                positions, segments, 0);
    }

    private static long[][] matrix(JsonNode n) {
        long[][] out = new long[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(n.get(i));
        }
        return out;
    }

    /** One micro-step's loss ("loss") and every parameter's gradient, then zeroed gradients. */
    private static Map<String, float[]> step(LoadedModel lm, Map<String, NDArray> params,
            SftBatch b, boolean packed, boolean checkpointing) {
        Map<String, float[]> out = new TreeMap<>();
        try (NDManager work = lm.model().manager().newSubManager()) {
            long labels = CausalLmLoss.countedTokens(b.labels());
            out.put("loss", new float[] {
                (float) TrainingRun.microStep(lm, work, b, labels, packed, checkpointing)});
        }
        params.forEach((name, p) -> {
            try (NDArray g = p.getGradient()) {
                out.put(name, g.toFloatArray());
            }
            JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
        });
        return out;
    }

    /** Asserts equal keys and values within {@code tol}, and that the gradients are not all ~0. */
    private static void assertSameGradients(Map<String, float[]> want, Map<String, float[]> got,
            double tol) {
        assertEquals(want.keySet(), got.keySet());
        float worst = 0;
        float largest = 0;
        for (String name : want.keySet()) {
            worst = Math.max(worst, Fixtures.maxAbsDiff(want.get(name), got.get(name)));
            if (!name.equals("loss")) {
                for (float v : want.get(name)) {
                    largest = Math.max(largest, Math.abs(v));
                }
            }
        }
        assertTrue(largest > 1e-3, "the gradients are too small to compare: " + largest);
        assertTrue(worst <= tol, "checkpointing changed a gradient or the loss by " + worst);
    }

    private static LoraAdapter fixtureAdapter(LoadedModel lm) throws Exception {
        LoraAdapter adapter = PeftAdapterReader.read(lm.model(), "default",
                Fixtures.tinyLlama().resolve("adapter"));
        adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
        adapter.activate(true); // lora_dropout is 0 in the fixture's adapter
        return adapter;
    }

    @Test
    void loraGradientsEqualThoseWithoutCheckpointing() throws Exception {
        try (LoadedModel lm = ModelLoader.load(Fixtures.tinyLlama())) {
            LoraAdapter adapter = fixtureAdapter(lm);
            Map<String, float[]> plain = step(lm, adapter.parameters(), fixtureBatch(), false, false);
            Map<String, float[]> checkpointed = step(lm, adapter.parameters(), fixtureBatch(), false, true);
            assertSameGradients(plain, checkpointed, 1e-5);
            adapter.close();
        }
    }

    @Test
    void fullFineTuningGradientsEqualThoseWithoutCheckpointing() throws Exception {
        try (LoadedModel lm = ModelLoader.load(Fixtures.tinyLlama())) {
            Map<String, NDArray> params = lm.model().parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            Map<String, float[]> plain = step(lm, params, fixtureBatch(), false, false);
            Map<String, float[]> checkpointed = step(lm, params, fixtureBatch(), false, true);
            assertSameGradients(plain, checkpointed, 1e-5);
            // the embedding's gradient comes only from step 4 of the checkpointed pass
            float[] embed = checkpointed.get("model.embed_tokens.weight");
            assertTrue(Fixtures.maxAbsDiff(embed, new float[embed.length]) > 1e-4,
                    "the embedding got no gradient");
        }
    }

    @Test
    void qloraGradientsEqualThoseWithoutCheckpointing() throws Exception {
        try (LoadedModel lm = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4())) {
            LoraAdapter adapter = fixtureAdapter(lm);
            Map<String, float[]> plain = step(lm, adapter.parameters(), fixtureBatch(), false, false);
            Map<String, float[]> checkpointed = step(lm, adapter.parameters(), fixtureBatch(), false, true);
            assertSameGradients(plain, checkpointed, 1e-5);
            adapter.close();
        }
    }

    /**
     * With LoRA dropout, the recomputed layers must draw the masks of the first pass. Packed
     * rows (two sequences per row) take the packed-mask path as well.
     */
    @Test
    void recomputedLayersReplayTheDropoutMasks() throws Exception {
        try (LoadedModel lm = ModelLoader.load(Fixtures.tinyLlama())) {
            LoraAdapter adapter = LoraAdapter.create(lm.model(), "drop",
                    LoraSpec.of(4, 8, 0.3, LoraSpec.ALL_PROJECTIONS, false), 3);
            adapter.layers().values().forEach(w -> w.b().addi(0.05f)); // B != 0: A gets gradients
            adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
            adapter.activate(true);
            Map<String, float[]> whole = packedPass(lm, adapter.parameters(), false);
            Map<String, float[]> checkpointed = packedPass(lm, adapter.parameters(), true);
            assertSameGradients(whole, checkpointed, 1e-5);
            adapter.activate(false); // no dropout: a different loss shows the masks were live
            assertNotEquals(whole.get("loss")[0], packedPass(lm, adapter.parameters(), false).get("loss")[0]);
            adapter.close();
        }
    }

    /** trainingBackward on two packed rows after a fixed seed: loss and gradients. */
    private static Map<String, float[]> packedPass(LoadedModel lm, Map<String, NDArray> params,
            boolean checkpoint) {
        long[][] ids = new long[2][16];
        long[][] positions = new long[2][16];
        long[][] segments = new long[2][16];
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < 16; t++) {
                ids[r][t] = 3 + (7 * r + 5 * t) % 300;
                positions[r][t] = t < 9 ? t : t - 9;
                segments[r][t] = t < 9 ? 1 : 2;
            }
        }
        Map<String, float[]> out = new TreeMap<>();
        DjlRuntime.engine().setRandomSeed(11);
        try (NDScope scope = new NDScope();
                NDManager work = lm.model().manager().newSubManager();
                GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray labels = work.create(ids);
            lm.model().trainingBackward(work.create(ids), null, work.create(positions),
                    work.create(segments), checkpoint, logits -> {
                        NDArray s = CausalLmLoss.sum(logits, labels);
                        out.put("loss", new float[] {s.getFloat()});
                        return s.div(Scalars.of(s, 30));
                    });
        }
        params.forEach((name, p) -> {
            try (NDArray g = p.getGradient()) {
                out.put(name, g.toFloatArray());
            }
            JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
        });
        return out;
    }

    @Test
    void gradientsAccumulateAcrossCheckpointedMicroSteps() throws Exception {
        try (LoadedModel lm = ModelLoader.load(Fixtures.tinyLlama())) {
            LoraAdapter adapter = fixtureAdapter(lm);
            Map<String, float[]> once = step(lm, adapter.parameters(), fixtureBatch(), false, true);
            try (NDManager work = lm.model().manager().newSubManager()) {
                long labels = CausalLmLoss.countedTokens(fixtureBatch().labels());
                TrainingRun.microStep(lm, work, fixtureBatch(), labels, false, true);
                TrainingRun.microStep(lm, work, fixtureBatch(), labels, false, true);
            }
            for (Map.Entry<String, NDArray> e : adapter.parameters().entrySet()) {
                float[] twice = e.getValue().getGradient().toFloatArray();
                float[] doubled = once.get(e.getKey()).clone();
                for (int i = 0; i < doubled.length; i++) {
                    doubled[i] *= 2;
                }
                assertTrue(Fixtures.maxAbsDiff(doubled, twice) <= 1e-5, e.getKey());
            }
            adapter.close();
        }
    }
}
