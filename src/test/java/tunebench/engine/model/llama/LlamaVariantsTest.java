package tunebench.engine.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.UnsupportedArchitectureException;
import tunebench.testing.Fixtures;
import tunebench.testing.RandomCheckpoint;

/** Architecture features the fixture does not exercise, on small random checkpoints. */
class LlamaVariantsTest {

    @TempDir
    Path tmp;

    private static final long[][] IDS = {{5, 17, 33, 2, 90, 41, 7, 64, 12, 3}};

    private float[] logits(Path dir) throws IOException {
        try (LoadedModel lm = ModelLoader.load(dir);
                NDManager m = lm.model().manager().newSubManager()) {
            return lm.model().forward(m.create(IDS), null, null, null, false).toFloatArray();
        }
    }

    @Test
    void qwen2LoadsAndUsesQkvBiases() throws IOException {
        ObjectNode c = RandomCheckpoint.config("Qwen2ForCausalLM");
        Path dir = RandomCheckpoint.write(tmp.resolve("qwen"), c, 7, 0);
        try (LoadedModel lm = ModelLoader.load(dir)) {
            assertNotNull(lm.model().linears().get("model.layers.0.self_attn.q_proj").bias());
            assertNotNull(lm.model().linears().get("model.layers.1.self_attn.v_proj").bias());
            assertNull(lm.model().linears().get("model.layers.0.self_attn.o_proj").bias());
        }
        float[] withBias = logits(dir);
        // the same weights with the biases zeroed must give different logits
        Path zeroed = tmp.resolve("qwen-zero");
        RandomCheckpoint.rewrite(dir, zeroed, null, (n, a) -> tunebench.engine.model.safetensors.TensorSource.of(n,
                n.endsWith(".bias") ? a.zerosLike() : a));
        float diff = Fixtures.maxAbsDiff(withBias, logits(zeroed));
        assertTrue(diff > 1e-3, "biases had no effect: " + diff);
    }

    @Test
    void halfPrecisionCheckpointsAreWidenedExactly() throws IOException {
        ObjectNode c = RandomCheckpoint.config("LlamaForCausalLM");
        Path f32 = RandomCheckpoint.write(tmp.resolve("f32"), c, 13, 0);
        for (var dtype : new tunebench.engine.model.safetensors.SafeDtype[] {
            tunebench.engine.model.safetensors.SafeDtype.BF16, tunebench.engine.model.safetensors.SafeDtype.F16}) {
            Path half = tmp.resolve(dtype.name());
            Path rounded = tmp.resolve(dtype.name() + "-as-f32");
            RandomCheckpoint.rewrite(f32, half, null,
                    (n, a) -> tunebench.engine.model.safetensors.TensorSource.of(n, a, dtype));
            RandomCheckpoint.rewrite(half, rounded, null,
                    (n, a) -> tunebench.engine.model.safetensors.TensorSource.of(n, a));
            // the half checkpoint loads widened to float32: exactly the rounded weights
            assertEquals(0f, Fixtures.maxAbsDiff(logits(half), logits(rounded)), dtype.name());
            assertTrue(Fixtures.maxAbsDiff(logits(f32), logits(half)) > 0, dtype + " was not rounded");
        }
    }

    @Test
    void tiedEmbeddingsServeAsTheOutputLayer() throws IOException {
        ObjectNode c = RandomCheckpoint.config("LlamaForCausalLM");
        c.put("tie_word_embeddings", true);
        Path dir = RandomCheckpoint.write(tmp.resolve("tied"), c, 11, 0);
        try (LoadedModel lm = ModelLoader.load(dir);
                NDManager m = lm.model().manager().newSubManager()) {
            assertTrue(!lm.model().parameters().containsKey("lm_head.weight"));
            NDArray embed = lm.model().parameters().get("model.embed_tokens.weight");
            java.util.List<NDArray> hidden = new java.util.ArrayList<>();
            NDArray logits = lm.model().forward(m.create(IDS), null, null, null, false, hidden);
            NDArray last = hidden.get(hidden.size() - 1); // after the final norm
            NDArray expected = last.matMul(embed.transpose());
            float diff = Fixtures.maxAbsDiff(logits.toFloatArray(), expected.toFloatArray());
            assertTrue(diff < 1e-5, "tied head differs by " + diff);
        }
    }

    @Test
    void shardedCheckpointLoadsLikeASingleFile() throws IOException {
        ObjectNode c = RandomCheckpoint.config("MistralForCausalLM");
        Path single = RandomCheckpoint.write(tmp.resolve("single"), c, 3, 0);
        Path sharded = RandomCheckpoint.write(tmp.resolve("sharded"), c, 3, 20_000);
        assertTrue(Files.exists(sharded.resolve("model.safetensors.index.json")));
        assertTrue(!Files.exists(sharded.resolve("model.safetensors")));
        assertEquals(0f, Fixtures.maxAbsDiff(logits(single), logits(sharded)));
    }

    @Test
    void eachRopeScalingTypeLoadsAndChangesLongContextLogits() throws IOException {
        float[] plain = logitsWithRope(null, "none");
        ObjectNode linear = json("{\"type\": \"linear\", \"factor\": 4.0}");
        ObjectNode dynamic = json("{\"type\": \"dynamic\", \"factor\": 4.0}");
        ObjectNode llama3 = json("{\"rope_type\": \"llama3\", \"factor\": 8.0,"
                + " \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0,"
                + " \"original_max_position_embeddings\": 8}");
        for (ObjectNode s : new ObjectNode[] {linear, dynamic, llama3}) {
            float diff = Fixtures.maxAbsDiff(plain, logitsWithRope(s, s.toString()));
            assertTrue(diff > 1e-4, s + " changed nothing: " + diff);
        }
    }

    private float[] logitsWithRope(ObjectNode scaling, String name) throws IOException {
        ObjectNode c = RandomCheckpoint.config("LlamaForCausalLM");
        c.put("max_position_embeddings", 8); // IDS has 10 tokens: past the trained context
        if (scaling != null) {
            c.set("rope_scaling", scaling);
        }
        return logits(RandomCheckpoint.write(tmp.resolve("rope" + name.hashCode()), c, 5, 0));
    }

    private static ObjectNode json(String s) throws IOException {
        return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
    }

    @Test
    void unknownArchitectureNamesTheSupportedOnes() throws IOException {
        ObjectNode c = RandomCheckpoint.config("LlamaForCausalLM");
        Path dir = RandomCheckpoint.write(tmp.resolve("gpt"), c, 1, 0);
        c.putArray("architectures").add("GPTNeoXForCausalLM");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(dir.resolve("config.json").toFile(), c);
        UnsupportedArchitectureException e =
                assertThrows(UnsupportedArchitectureException.class, () -> ModelLoader.load(dir));
        assertTrue(e.getMessage().contains("GPTNeoXForCausalLM"), e.getMessage());
        assertTrue(e.getMessage().contains("LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM"),
                e.getMessage());
    }

    @Test
    void pickledWeightsAreRefusedWithAdvice() throws IOException {
        Path dir = tmp.resolve("pickle");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"),
                RandomCheckpoint.config("LlamaForCausalLM").toString());
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        IOException e = assertThrows(IOException.class, () -> ModelLoader.load(dir));
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("pickle"), e.getMessage());
        assertTrue(e.getMessage().contains("safetensors"), e.getMessage());
        Path pt = dir.resolve("weights.pt");
        Files.write(pt, new byte[] {1});
        IOException e2 = assertThrows(IOException.class, () -> ModelLoader.load(pt));
        assertTrue(e2.getMessage().contains("pickle"), e2.getMessage());
    }

    @Test
    void wrongTensorShapeNamesTheTensor() throws IOException {
        ObjectNode c = RandomCheckpoint.config("LlamaForCausalLM");
        Path dir = RandomCheckpoint.write(tmp.resolve("shape"), c, 1, 0);
        c.put("intermediate_size", 48); // the file still holds 64
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(dir.resolve("config.json").toFile(), c);
        IOException e = assertThrows(IOException.class, () -> ModelLoader.load(dir));
        assertTrue(e.getMessage().contains("model.layers.0.mlp.gate_proj.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[64, 32]"), e.getMessage());
    }

    @Test
    void groupedQueryAttentionMatchesExplicitlyRepeatedHeads() throws IOException {
        // 4 query heads over 2 kv heads equals 4 kv heads where each kv head is duplicated
        ObjectNode gqa = RandomCheckpoint.config("LlamaForCausalLM");
        Path dir = RandomCheckpoint.write(tmp.resolve("gqa"), gqa, 9, 0);
        Path mha = tmp.resolve("mha");
        ObjectNode c = gqa.deepCopy();
        c.put("num_key_value_heads", 4);
        RandomCheckpoint.rewrite(dir, mha, c, (n, a) -> tunebench.engine.model.safetensors.TensorSource.of(n,
                n.endsWith("k_proj.weight") || n.endsWith("v_proj.weight")
                        // (2 heads * 8, 32) -> (4 heads * 8, 32), head j copied to 2j and 2j+1
                        ? a.reshape(2, 8, 32).repeat(0, 2).reshape(32, 32) : a));
        float diff = Fixtures.maxAbsDiff(logits(dir), logits(mha));
        assertTrue(diff < 1e-5, "GQA differs from repeated heads by " + diff);
    }
}
