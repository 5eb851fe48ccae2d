package tunebench.engine.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.CheckpointWriter;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.testing.Fixtures;

/** LoRA against PEFT's outputs on ../shared/fixtures/tiny-llama/adapter. */
class LoraAdapterTest {

    @TempDir
    Path tmp;

    private LoadedModel loaded;
    private JsonNode expected;

    @BeforeEach
    void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
        expected = Fixtures.json(adapterDir().resolve("expected.json"));
    }

    @AfterEach
    void close() {
        loaded.close();
    }

    private static Path adapterDir() {
        return Fixtures.tinyLlama().resolve("adapter");
    }

    private float[] logits() {
        JsonNode ids = expected.get("input_ids");
        try (NDManager m = loaded.model().manager().newSubManager()) {
            return loaded.model().forward(m.create(new long[][] {Fixtures.longs(ids.get(0)),
                Fixtures.longs(ids.get(1))}), null, null, null, false).toFloatArray();
        }
    }

    @Test
    void fixtureAdapterReproducesPeftLogits() throws IOException {
        float[] base = logits();
        LoraAdapter adapter = PeftAdapterReader.read(loaded.model(), "fixture", adapterDir());
        adapter.activate(false);
        float diff = Fixtures.maxAbsDiff(logits(), Fixtures.flatFloats(expected.get("logits_with_adapter")));
        assertTrue(diff <= 1e-4, "adapter logits differ from PEFT by " + diff);
        LoraAdapter.deactivateAll(loaded.model());
        assertEquals(0f, Fixtures.maxAbsDiff(base, logits()), "switching the adapter off restores the base");
    }

    @Test
    void greedyWithAdapterMatchesPeft() throws IOException {
        PeftAdapterReader.read(loaded.model(), "fixture", adapterDir()).activate(false);
        JsonNode g = expected.get("greedy_with_adapter");
        long[] out = new Generator(loaded.model(), null, 0).generate(List.of(Fixtures.longs(g.get("prompt_ids"))),
                GenerationSpec.greedy(12), GenerationListener.NONE).get(0).ids();
        assertArrayEquals(Fixtures.longs(g.get("new_tokens")), out);
    }

    @Test
    void aNewAdapterLeavesOutputsUnchanged() {
        float[] base = logits();
        LoraAdapter fresh = LoraAdapter.create(loaded.model(), "fresh",
                LoraSpec.of(8, 16, 0.0, LoraSpec.ALL_PROJECTIONS, false), 1);
        fresh.activate(false);
        assertEquals(0f, Fixtures.maxAbsDiff(base, logits()));
        // A is Kaiming-uniform with bound 1/sqrt(in): non-zero and inside the bound
        NDArray a = fresh.layers().get("model.layers.0.mlp.down_proj").a();
        float bound = (float) (1 / Math.sqrt(176));
        assertTrue(a.abs().max().getFloat() <= bound && a.abs().max().getFloat() > bound / 2);
        assertEquals(0f, fresh.layers().get("model.layers.0.mlp.down_proj").b().abs().sum().getFloat());
    }

    @Test
    void trainableParametersAreCountedWithTheirShare() {
        LoraAdapter a = LoraAdapter.create(loaded.model(), "count",
                LoraSpec.of(4, 8, 0.0, LoraSpec.ALL_PROJECTIONS, false), 1);
        // per layer: q,k,v,o,gate,up,down with r=4: 4*(in+out) each
        long perLayer = 4L * ((64 + 64) + (64 + 32) + (64 + 32) + (64 + 64) + (64 + 176) * 2 + (176 + 64));
        assertEquals(2 * perLayer, a.parameterCount());
        assertEquals(28, a.parameters().size());
    }

    @Test
    void savedAdapterUsesPeftNamesAndKeysAndLoadsBackIdentically() throws IOException {
        LoraAdapter adapter = PeftAdapterReader.read(loaded.model(), "fixture", adapterDir());
        Path out = tmp.resolve("saved");
        PeftAdapterWriter.write(adapter, out, "tiny-llama");
        try (SafetensorsReader ours = SafetensorsReader.open(out.resolve("adapter_model.safetensors"));
                SafetensorsReader peft = SafetensorsReader.open(adapterDir().resolve("adapter_model.safetensors"))) {
            assertEquals(new TreeSet<>(peft.names()), new TreeSet<>(ours.names()));
            assertEquals("pt", ours.metadata().get("format"));
            for (String n : peft.names()) {
                assertArrayEquals(peft.readRaw(n).array(), ours.readRaw(n).array(), n);
            }
        }
        JsonNode ourConfig = Fixtures.json(out.resolve("adapter_config.json"));
        JsonNode peftConfig = Fixtures.json(adapterDir().resolve("adapter_config.json"));
        List<String> ourKeys = new ArrayList<>();
        ourConfig.fieldNames().forEachRemaining(ourKeys::add);
        List<String> peftKeys = new ArrayList<>();
        peftConfig.fieldNames().forEachRemaining(peftKeys::add);
        assertEquals(peftKeys, ourKeys, "same keys in the same (sorted) order");
        for (String k : peftKeys) {
            if (!k.equals("target_modules")) {
                assertEquals(peftConfig.get(k), ourConfig.get(k), k);
            }
        }
        assertEquals(new TreeSet<>(List.of(peftConfig.get("target_modules").toString().split(","))).size(),
                ourConfig.get("target_modules").size());
        // load what we saved on a second name: identical outputs
        adapter.activate(false);
        float[] first = logits();
        PeftAdapterReader.read(loaded.model(), "reloaded", out).activate(false);
        assertEquals(0f, Fixtures.maxAbsDiff(first, logits()));
    }

    @Test
    void severalAdaptersSwitchWithoutReloadingTheBase() throws IOException {
        float[] base = logits();
        LoraAdapter x = PeftAdapterReader.read(loaded.model(), "x", adapterDir());
        LoraAdapter y = LoraAdapter.create(loaded.model(), "y",
                LoraSpec.of(2, 4, 0.0, List.of("q_proj", "v_proj"), false), 3);
        y.layers().values().forEach(w -> w.b().addi(0.5f)); // make y do something
        x.activate(false);
        float[] withX = logits();
        y.activate(false);
        float[] withY = logits();
        x.activate(false);
        assertEquals(0f, Fixtures.maxAbsDiff(withX, logits()));
        assertTrue(Fixtures.maxAbsDiff(withX, withY) > 1e-3);
        LoraAdapter.deactivateAll(loaded.model());
        assertEquals(0f, Fixtures.maxAbsDiff(base, logits()));
        y.close();
        x.activate(false);
        assertEquals(0f, Fixtures.maxAbsDiff(withX, logits()));
    }

    @Test
    void mergeMatchesPeftMergeAndUnloadAndWritesALoadableCheckpoint() throws IOException {
        LoraAdapter adapter = PeftAdapterReader.read(loaded.model(), "fixture", adapterDir());
        adapter.merge();
        try (SafetensorsReader merged = SafetensorsReader.open(adapterDir().resolve("merged.safetensors"));
                NDManager m = loaded.model().manager().newSubManager()) {
            for (String n : merged.names()) {
                float diff = Fixtures.maxAbsDiff(merged.read(n, m).toFloatArray(),
                        loaded.model().parameters().get(n).toFloatArray());
                assertTrue(diff <= 1e-6, n + " differs from PEFT's merged weight by " + diff);
            }
        }
        float[] want = Fixtures.flatFloats(expected.get("logits_with_adapter"));
        assertTrue(Fixtures.maxAbsDiff(logits(), want) <= 1e-4);
        Path out = tmp.resolve("merged");
        CheckpointWriter.write(loaded.model(), Fixtures.tinyLlama(), out);
        assertTrue(Files.isRegularFile(out.resolve("config.json")));
        try (LoadedModel reloaded = ModelLoader.load(out)) {
            LoadedModel keep = loaded;
            loaded = reloaded;
            float diff = Fixtures.maxAbsDiff(logits(), want);
            loaded = keep;
            assertTrue(diff <= 1e-4, "merged checkpoint logits differ by " + diff);
        }
    }

    @Test
    void rsLoraScalesByTheSquareRootOfTheRank() {
        LoraSpec plain = LoraSpec.of(16, 32, 0.0, List.of("q_proj"), false);
        LoraSpec rs = LoraSpec.of(16, 32, 0.0, List.of("q_proj"), true);
        assertEquals(2.0, plain.scalingFor("model.layers.0.self_attn.q_proj"));
        assertEquals(8.0, rs.scalingFor("model.layers.0.self_attn.q_proj"));
        assertTrue(plain.targets("model.layers.3.self_attn.q_proj"));
        assertTrue(!plain.targets("model.layers.3.self_attn.k_proj"));
        LoraSpec all = LoraSpec.of(4, 8, 0.0, List.of(LoraSpec.ALL_LINEAR), false);
        assertTrue(all.targets("model.layers.0.mlp.down_proj") && !all.targets("lm_head"));
    }

    @Test
    void unsupportedPeftOptionsAreRefusedByName() throws IOException {
        Path dir = tmp.resolve("dora");
        Files.createDirectories(dir);
        String config = Files.readString(adapterDir().resolve("adapter_config.json"))
                .replace("\"use_dora\": false", "\"use_dora\": true");
        Files.writeString(dir.resolve("adapter_config.json"), config);
        Files.copy(adapterDir().resolve("adapter_model.safetensors"), dir.resolve("adapter_model.safetensors"));
        IOException e = assertThrows(IOException.class, () -> PeftAdapterReader.read(loaded.model(), "d", dir));
        assertTrue(e.getMessage().contains("use_dora"), e.getMessage());
    }
}
