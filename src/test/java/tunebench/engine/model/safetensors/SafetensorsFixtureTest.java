package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;

/** Golden checks on the tiny-llama fixture that transformers' save_pretrained wrote. */
class SafetensorsFixtureTest {

    private static final Path FIXTURES =
            Path.of(System.getProperty("tunebench.fixtures", "../shared/fixtures"));
    private static final Path TINY = FIXTURES.resolve("tiny-llama");

    @TempDir Path dir;
    private NDManager manager;

    @BeforeEach
    void startDjl() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void tinyLlamaCheckpointOpensWithHuggingFaceNamesAndShapes() throws IOException {
        try (TensorStore store = TensorStore.open(TINY)) {
            assertEquals(Map.of("format", "pt"), store.metadata());
            // 2 layers x 9 tensors + embed_tokens + norm + lm_head
            assertEquals(21, store.names().size());
            TensorEntry embed = store.entry("model.embed_tokens.weight");
            assertEquals(SafeDtype.F32, embed.dtype());
            assertArrayEquals(new long[] {320, 64}, embed.shape());
            assertArrayEquals(new long[] {64, 64},
                    store.entry("model.layers.0.self_attn.q_proj.weight").shape());
            assertArrayEquals(new long[] {32, 64},
                    store.entry("model.layers.1.self_attn.k_proj.weight").shape());
            NDArray read = store.read("model.embed_tokens.weight", manager);
            assertEquals(DataType.FLOAT32, read.getDataType());
            assertEquals(new Shape(320, 64), read.getShape());
        }
    }

    @Test
    void embeddingRowsMatchTheReferenceHiddenStatesBitForBit() throws IOException {
        // hidden_states.0 from transformers is embed_tokens[input_ids]: reading both files
        // correctly (F32 and I64) must reproduce it exactly.
        float[] embed;
        try (TensorStore model = TensorStore.open(TINY)) {
            embed = model.read("model.embed_tokens.weight", manager).toFloatArray();
        }
        try (SafetensorsReader golden =
                SafetensorsReader.open(TINY.resolve("expected_logits.safetensors"))) {
            long[] ids = golden.read("input_ids", manager).toLongArray();
            float[] hidden = golden.read("hidden_states.0", manager).toFloatArray();
            assertEquals(48, ids.length);
            for (int p = 0; p < ids.length; p++) {
                float[] expected = Arrays.copyOfRange(hidden, p * 64, p * 64 + 64);
                float[] row = Arrays.copyOfRange(embed, (int) ids[p] * 64, (int) ids[p] * 64 + 64);
                assertArrayEquals(expected, row, "position " + p);
            }
        }
    }

    @Test
    void rewritingTheFixtureReproducesItsTensorsAndMetadata() throws IOException {
        Path copy = dir.resolve("model.safetensors");
        try (SafetensorsReader r = SafetensorsReader.open(TINY.resolve("model.safetensors"))) {
            List<TensorSource> sources = new ArrayList<>();
            for (String name : r.names()) {
                sources.add(new TensorSource(name, r.entry(name).dtype(), r.entry(name).shape(), () -> {
                    try {
                        return r.readRaw(name);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            SafetensorsWriter.write(copy, r.metadata(), sources);
            try (SafetensorsReader c = SafetensorsReader.open(copy)) {
                assertEquals(r.names(), c.names());
                assertEquals(r.metadata(), c.metadata());
                for (String name : r.names()) {
                    assertEquals(r.entry(name), c.entry(name));
                    assertEquals(r.readRaw(name), c.readRaw(name), name);
                }
            }
        }
        // Same data section byte for byte (the header may differ only in whitespace).
        long original = Files.size(TINY.resolve("model.safetensors"));
        assertTrue(Math.abs(Files.size(copy) - original) < 64, "sizes " + original + " vs " + Files.size(copy));
    }
}
