package tunebench.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraWeights;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.safetensors.SafeDtype;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorBytes;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.engine.quant.QuantSpec;
import tunebench.engine.runtime.HalfPrecision;
import tunebench.testing.Fixtures;

/**
 * The tiny-llama fixture computed in FP16 (on the CPU, the same code a GPU runs) against FP32
 * and against transformers' FP32 logits. Tolerances are measured, see each test.
 */
class HalfPrecisionModelTest {

    private static LoadedModel f32;
    private static LoadedModel f16;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws Exception {
        f32 = ModelLoader.load(Fixtures.tinyLlama());
        f16 = ModelLoader.load(Fixtures.tinyLlama(), Device.cpu(), DataType.FLOAT16);
        expected = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json"));
    }

    @AfterAll
    static void close() {
        f32.close();
        f16.close();
    }

    private static long[][] ids() {
        JsonNode rows = expected.get("input_ids");
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(rows.get(i));
        }
        return out;
    }

    private static float[] logits(LoadedModel lm, long[][] ids) {
        try (NDManager m = lm.model().manager().newSubManager()) {
            NDArray out = lm.model().forward(m.create(ids), null, null, null, false);
            assertEquals(DataType.FLOAT32, out.getDataType(), "logits reach the loss and sampler in FP32");
            return out.toFloatArray();
        }
    }

    @Test
    void everyBaseWeightIsFp16IncludingEmbeddingsAndNorms() {
        assertEquals(DataType.FLOAT16, f16.model().computeType());
        f16.model().parameters().forEach((name, p) ->
                assertEquals(DataType.FLOAT16, p.getDataType(), name));
        assertTrue(f16.model().parameters().containsKey("model.embed_tokens.weight"));
        assertTrue(f16.model().parameters().containsKey("model.norm.weight"));
    }

    /**
     * Measured: FP16 logits differ from FP32 by at most 5.2e-4 here (FP16 keeps 11 significant
     * bits, and each value passes a few dozen rounded ops). 5e-3 allows ten times that and
     * stays below what a wrong norm, rope or mask moves (1e-2 or more, the fixture's README).
     */
    @Test
    void fp16LogitsFollowFp32() {
        float[] a = logits(f32, ids());
        float[] b = logits(f16, ids());
        float vsF32 = Fixtures.maxAbsDiff(a, b);
        float vsTorch = Fixtures.maxAbsDiff(Fixtures.flatFloats(expected.get("logits")), b);
        System.out.printf("fp16 logits: max |fp16 - fp32| = %.3g, max |fp16 - transformers fp32| = %.3g%n",
                vsF32, vsTorch);
        assertTrue(vsF32 < 5e-3, "FP16 logits differ from FP32 by " + vsF32);
        assertTrue(vsF32 > 0, "the FP16 model computed in FP32: nothing was rounded");
    }

    @Test
    void fp16GreedyGenerationEqualsFp32AndTransformers() {
        long[] prompt = Fixtures.longs(expected.get("greedy").get("prompt_ids"));
        long[] want = Fixtures.longs(expected.get("greedy").get("new_tokens"));
        GenerationSpec spec = GenerationSpec.greedy(want.length);
        long[] got16 = new Generator(f16.model(), x -> "", 0).generate(List.of(prompt), spec,
                GenerationListener.NONE).get(0).ids();
        long[] got32 = new Generator(f32.model(), x -> "", 0).generate(List.of(prompt), spec,
                GenerationListener.NONE).get(0).ids();
        assertArrayEquals(want, got32);
        assertArrayEquals(want, got16);
    }

    /**
     * Left padding masks whole query rows. With the mask cast to FP16, -FLT_MAX became -inf, a
     * padded row's softmax NaN, and the NaN reached the real tokens through the next layer.
     */
    @Test
    void leftPaddedBatchStaysFiniteAndMatchesUnpadded() {
        long[] full = ids()[0];
        long[] shortRow = java.util.Arrays.copyOfRange(full, 0, 10);
        long[][] padded = new long[2][full.length];
        long[][] mask = new long[2][full.length];
        padded[0] = full;
        java.util.Arrays.fill(mask[0], 1);
        System.arraycopy(shortRow, 0, padded[1], full.length - 10, 10);
        java.util.Arrays.fill(mask[1], full.length - 10, full.length, 1);
        try (NDManager m = f16.model().manager().newSubManager()) {
            float[] both = f16.model().forward(m.create(padded), m.create(mask), null, null, true)
                    .toFloatArray(); // last position of each row
            float[] alone = f16.model().forward(m.create(new long[][] {shortRow}), null, null, null, true)
                    .toFloatArray();
            int vocab = alone.length;
            for (float v : both) {
                assertTrue(Float.isFinite(v), "a padded FP16 batch produced " + v);
            }
            float[] row1 = java.util.Arrays.copyOfRange(both, vocab, 2 * vocab);
            assertTrue(Fixtures.maxAbsDiff(alone, row1) < 5e-3, "padding changed the short row");
        }
    }

    @Test
    void loraBranchComputesInFp32OverTheFp16Base() throws Exception {
        LoraAdapter adapter = PeftAdapterReader.read(f16.model(), "fp32",
                Fixtures.tinyLlama().resolve("adapter"));
        try {
            for (NDArray p : adapter.parameters().values()) {
                assertEquals(DataType.FLOAT32, p.getDataType());
            }
            LoraWeights w = adapter.layers().values().iterator().next();
            try (NDManager m = f16.model().manager().newSubManager()) {
                NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(2, 64)).toType(DataType.FLOAT16, false);
                NDArray delta = w.delta(x, false);
                assertEquals(DataType.FLOAT16, delta.getDataType(), "cast back to the base's dtype");
                // The FP32 branch on the same (FP16-representable) input, rounded once at the end.
                NDArray want = w.delta(x.toType(DataType.FLOAT32, false), false).toType(DataType.FLOAT16, false);
                assertArrayEquals(want.toType(DataType.FLOAT32, false).toFloatArray(),
                        delta.toType(DataType.FLOAT32, false).toFloatArray());
            }
            adapter.activate(false);
            float[] withAdapter = logits(f16, ids());
            float[] want = Fixtures.flatFloats(Fixtures.json(Fixtures.tinyLlama().resolve("adapter")
                    .resolve("expected.json")).get("logits_with_adapter"));
            float diff = Fixtures.maxAbsDiff(want, withAdapter);
            System.out.printf("fp16 base + fp32 LoRA vs PEFT fp32: max abs diff %.3g%n", diff);
            assertTrue(diff < 5e-3, "FP16 base + LoRA differs from PEFT by " + diff); // measured 6.5e-4
        } finally {
            adapter.close();
        }
    }

    /** BF16 weights arrive as FP16 through one rounding, bit for bit torch's .half() of them. */
    @Test
    void bf16CheckpointLoadsAsFp16(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("bf16");
        Files.createDirectories(dir);
        Files.copy(Fixtures.tinyLlama().resolve("config.json"), dir.resolve("config.json"));
        List<TensorSource> tensors = new ArrayList<>();
        try (SafetensorsReader in = SafetensorsReader.open(Fixtures.tinyLlama().resolve("model.safetensors"));
                NDManager m = f32.model().manager().newSubManager()) {
            for (String name : in.names()) {
                NDArray a = in.read(name, m);
                ByteBuffer bf16 = TensorBytes.narrowToBf16(a.toByteBuffer());
                tensors.add(TensorSource.raw(name, SafeDtype.BF16, a.getShape().getShape(), bf16));
            }
            SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"), tensors);
        }
        try (LoadedModel half = ModelLoader.load(dir, Device.cpu(), DataType.FLOAT16);
                LoadedModel wide = ModelLoader.load(dir);
                SafetensorsReader raw = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
            for (Map.Entry<String, NDArray> e : half.model().parameters().entrySet()) {
                NDArray h = e.getValue();
                assertEquals(DataType.FLOAT16, h.getDataType());
                // torch's own FP32 -> FP16 cast of the exactly widened BF16
                NDArray viaTorch = wide.model().parameters().get(e.getKey()).toType(DataType.FLOAT16, false);
                assertArrayEquals(viaTorch.toByteArray(), h.toByteArray(), e.getKey());
                viaTorch.close();
                short first = raw.readRaw(e.getKey()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(0);
                short got = h.toByteBuffer().order(java.nio.ByteOrder.nativeOrder()).getShort(0);
                assertEquals(HalfPrecision.bf16ToF16(first), got, e.getKey());
            }
            assertTrue(Fixtures.maxAbsDiff(logits(wide, ids()), logits(half, ids())) < 5e-3);
        }
    }

    @Test
    void nf4DequantizesIntoFp16() throws Exception {
        try (LoadedModel q16 = ModelLoader.load(Fixtures.tinyLlama(), Device.cpu(), DataType.FLOAT16,
                QuantSpec.nf4());
                LoadedModel q32 = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4())) {
            Linear q = q16.model().linears().get("model.layers.0.self_attn.q_proj");
            assertTrue(q.isQuantized());
            try (NDArray w = q.dequantizedWeight()) {
                assertEquals(DataType.FLOAT16, w.getDataType());
            }
            float diff = Fixtures.maxAbsDiff(logits(q32, ids()), logits(q16, ids()));
            System.out.printf("nf4 fp16 vs nf4 fp32 logits: max abs diff %.3g%n", diff);
            assertTrue(diff < 5e-3, "NF4 with FP16 dequantization differs by " + diff); // measured 5.8e-4
        }
    }

    @Test
    void dtypeWordsResolvePerDevice() {
        assertEquals(DataType.FLOAT32, ComputeDtype.resolve("--dtype", "auto", Device.cpu()));
        assertEquals(DataType.FLOAT16, ComputeDtype.resolve("--dtype", "auto", Device.gpu(0)));
        assertEquals(DataType.FLOAT16, ComputeDtype.resolve("--dtype", null, Device.gpu(0)));
        assertEquals(DataType.FLOAT16, ComputeDtype.resolve("--dtype", "fp16", Device.cpu()));
        assertEquals(DataType.FLOAT32, ComputeDtype.resolve("--dtype", "float32", Device.gpu(0)));
        IllegalArgumentException bf16 = assertThrows(IllegalArgumentException.class,
                () -> ComputeDtype.resolve("--dtype", "bfloat16", Device.gpu(0)));
        assertTrue(bf16.getMessage().contains("BF16"), bf16.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> ComputeDtype.resolve("model.dtype", "int8", Device.cpu()));
        assertEquals("model.dtype must be auto, float32 or float16, got 'int8'", odd.getMessage());
    }
}
