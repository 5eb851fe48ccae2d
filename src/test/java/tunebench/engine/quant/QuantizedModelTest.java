package tunebench.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.model.Linear;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.llama.LlamaLayout;
import tunebench.engine.model.safetensors.SafeDtype;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.testing.Fixtures;

/** A model loaded with its decoder linears in NF4: what is quantized, how close, how it frees. */
class QuantizedModelTest {

    @TempDir
    Path tmp;

    private static final Path BUNDLED = Path.of("assets", "models", "tunebench-tiny");

    private static long[][] fixtureIds() {
        JsonNode ids = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json")).get("input_ids");
        long[][] out = new long[ids.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(ids.get(i));
        }
        return out;
    }

    private static float[] logits(LoadedModel lm, long[][] ids) {
        try (NDManager m = lm.model().manager().newSubManager()) {
            return lm.model().forward(m.create(ids), null, null, null, false).toFloatArray();
        }
    }

    @Test
    void onlyTheDecoderProjectionsAreStoredAsNf4() throws Exception {
        try (LoadedModel dense = ModelLoader.load(Fixtures.tinyLlama());
                LoadedModel lm = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4())) {
            Set<String> quantized = new TreeSet<>();
            lm.model().linears().forEach((path, l) -> {
                if (l.isQuantized()) {
                    quantized.add(path + ".weight");
                }
            });
            assertEquals(new TreeSet<>(LlamaLayout.quantizedShapes(lm.config()).keySet()), quantized);
            assertFalse(lm.model().linears().get("lm_head").isQuantized(), "lm_head stays dense");
            assertTrue(lm.model().parameters().containsKey("model.embed_tokens.weight"));
            assertFalse(lm.model().parameters().containsKey("model.layers.0.self_attn.q_proj.weight"));
            assertEquals(List.of(), lm.unusedTensors());
            assertEquals(dense.model().parameterCount(), lm.model().parameterCount());
            Linear q = lm.model().linears().get("model.layers.0.mlp.down_proj");
            assertEquals(176, q.inFeatures());
            assertEquals(64, q.outFeatures());
            assertEquals(Nf4Footprint.estimate(LlamaLayout.quantizedShapes(lm.config()).values(),
                    QuantSpec.nf4()), lm.model().quantizedFootprint());
        }
    }

    /** Logit error of the NF4 model against full precision, printed for docs/BENCHMARKS.md. */
    @Test
    void quantizedLogitsStayCloseToFullPrecision() throws Exception {
        compare(Fixtures.tinyLlama(), fixtureIds());
        long[] text;
        try (LoadedModel lm = ModelLoader.load(BUNDLED)) {
            // continuations the model card shows: text like its pre-training corpus
            text = lm.tokenizerOrNull().encode("The capital of France is Paris. Paris is in Europe."
                    + " The cow says moo. A cow is an animal with four legs. Cows say moo."
                    + " The day after Monday is Tuesday. The month after September is October.", true);
        }
        double[] loss = compare(BUNDLED, new long[][] {text});
        assertTrue(loss[1] < loss[0] + 0.1, "next-token loss " + loss[0] + " -> " + loss[1]);
    }

    /** Prints and checks the error; returns the next-token loss {dense, NF4} on {@code ids}. */
    private static double[] compare(Path dir, long[][] ids) throws Exception {
        float[] want;
        float[] got;
        Nf4Footprint f;
        try (LoadedModel dense = ModelLoader.load(dir)) {
            want = logits(dense, ids);
        }
        try (LoadedModel lm = ModelLoader.loadQuantized(dir, QuantSpec.nf4())) {
            got = logits(lm, ids);
            f = lm.model().quantizedFootprint();
        }
        int positions = ids.length * ids[0].length;
        int vocab = want.length / positions;
        double maxAbs = 0;
        double sumAbs = 0;
        double sumMag = 0;
        for (int i = 0; i < want.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
            sumAbs += Math.abs(got[i] - want[i]);
            sumMag += Math.abs(want[i]);
        }
        int sameTop = 0;
        for (int p = 0; p < positions; p++) {
            sameTop += argmax(want, p * vocab, vocab) == argmax(got, p * vocab, vocab) ? 1 : 0;
        }
        double[] loss = {nextTokenLoss(want, ids, vocab), nextTokenLoss(got, ids, vocab)};
        double meanAbs = sumAbs / want.length;
        double meanMag = sumMag / want.length;
        System.out.printf("NF4 %s: logits max abs err %.4f, mean abs err %.4f (mean |logit| %.3f),"
                + " top-1 agrees %d/%d, next-token loss %.4f -> %.4f;"
                + " linear weights %.4f B/param (codes %.4f, constants %.4f)%n",
                dir.getFileName(), maxAbs, meanAbs, meanMag, sameTop, positions, loss[0], loss[1],
                f.weightBytesPerParameter(), f.codeBytesPerParameter(), f.constantBytesPerParameter());
        assertTrue(meanAbs < 0.15 * meanMag, "mean abs error " + meanAbs + " vs " + meanMag);
        assertTrue(sameTop >= 0.75 * positions, "top-1 agrees at " + sameTop + "/" + positions);
        assertTrue(f.weightBytesPerParameter() <= 0.52, "" + f.weightBytesPerParameter());
        return loss;
    }

    /** Mean cross-entropy of each next id under the logits (batch, seq, vocab), flattened. */
    private static double nextTokenLoss(float[] logits, long[][] ids, int vocab) {
        double sum = 0;
        int count = 0;
        int seq = ids[0].length;
        for (int b = 0; b < ids.length; b++) {
            for (int t = 0; t + 1 < seq; t++) {
                int at = (b * seq + t) * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, logits[at + v]);
                }
                double z = 0;
                for (int v = 0; v < vocab; v++) {
                    z += Math.exp(logits[at + v] - max);
                }
                sum += max + Math.log(z) - logits[at + (int) ids[b][t + 1]];
                count++;
            }
        }
        return sum / count;
    }

    private static int argmax(float[] a, int from, int n) {
        int best = from;
        for (int i = from + 1; i < from + n; i++) {
            best = a[i] > a[best] ? i : best;
        }
        return best - from;
    }

    /** BF16 and F16 checkpoints widen to float32 in Java first, then quantize the same way. */
    @Test
    void halfPrecisionCheckpointsQuantizeTheirWidenedValues() throws Exception {
        for (SafeDtype dtype : List.of(SafeDtype.BF16, SafeDtype.F16)) {
            Path dir = copyAs(dtype);
            try (LoadedModel dense = ModelLoader.load(dir);
                    LoadedModel lm = ModelLoader.loadQuantized(dir, QuantSpec.nf4())) {
                Codebook codebook = Codebook.create(dense.model().manager());
                for (Map.Entry<String, Linear> e : lm.model().linears().entrySet()) {
                    if (!e.getValue().isQuantized()) {
                        continue;
                    }
                    NDArray widened = dense.model().linears().get(e.getKey()).weight();
                    try (Nf4Weight expected = Nf4Weight.quantize(widened, QuantSpec.nf4(), codebook,
                            dense.model().manager())) {
                        assertArrayEquals(expected.packed().toByteArray(),
                                e.getValue().quantizedWeight().packed().toByteArray(), dtype + " " + e.getKey());
                        assertArrayEquals(expected.absmaxCodes().toByteArray(),
                                e.getValue().quantizedWeight().absmaxCodes().toByteArray());
                    }
                }
            }
        }
    }

    /** The fixture's checkpoint rewritten in {@code dtype}. */
    private Path copyAs(SafeDtype dtype) throws Exception {
        Path dir = tmp.resolve(dtype.name());
        Files.createDirectories(dir);
        Files.copy(Fixtures.tinyLlama().resolve("config.json"), dir.resolve("config.json"));
        try (NDManager m = tunebench.engine.runtime.DjlRuntime.newManager();
                SafetensorsReader in = SafetensorsReader.open(Fixtures.tinyLlama().resolve("model.safetensors"))) {
            List<TensorSource> tensors = new ArrayList<>();
            for (String name : in.names()) {
                tensors.add(TensorSource.of(name, in.read(name, m, DataType.FLOAT32), dtype));
            }
            SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"), tensors);
        }
        return dir;
    }

    @Test
    void aForwardPassLeavesNoDequantizedWeightBehind() throws Exception {
        try (LoadedModel lm = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4());
                NDManager inputs = lm.model().manager().newSubManager()) {
            NDManager weights = lm.model().manager();
            int held = weights.getManagedArrays().size() - inputs.getManagedArrays().size();
            NDArray ids = inputs.create(fixtureIds());
            for (int i = 0; i < 3; i++) {
                lm.model().forward(ids, null, null, null, false).close();
            }
            inputs.getManagedArrays().forEach(NDArray::close);
            assertEquals(held, weights.getManagedArrays().size(), "arrays left in the model's manager");
        }
    }

    @Test
    void loraOnAQuantizedBaseStartsAsANoOpAndMergingIntoItIsRefused() throws Exception {
        try (LoadedModel lm = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4())) {
            float[] base = logits(lm, fixtureIds());
            LoraAdapter adapter = LoraAdapter.create(lm.model(), "a",
                    LoraSpec.of(4, 8, 0.0, LoraSpec.ALL_PROJECTIONS, false), 3);
            adapter.activate(false);
            assertArrayEquals(base, logits(lm, fixtureIds()), 0f, "B = 0: the adapter changes nothing");
            adapter.layers().values().forEach(w -> w.b().addi(0.05f));
            float[] moved = logits(lm, fixtureIds());
            IllegalStateException e = assertThrows(IllegalStateException.class, adapter::merge);
            assertTrue(e.getMessage().contains("NF4"), e.getMessage());
            assertArrayEquals(moved, logits(lm, fixtureIds()), 0f, "a refused merge changes nothing");
        }
    }
}
