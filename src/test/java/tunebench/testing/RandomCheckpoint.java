package tunebench.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.engine.runtime.DjlRuntime;

/**
 * Writes small Llama-family checkpoints with random weights, for tests of what the fixture
 * does not cover (biases, tied embeddings, rope scaling, sharding).
 */
public final class RandomCheckpoint {

    private RandomCheckpoint() {}

    /** A config like the fixture's, as a mutable json object to adjust. */
    public static ObjectNode config(String architecture) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add(architecture);
        c.put("model_type", architecture.startsWith("Qwen2") ? "qwen2"
                : architecture.startsWith("Mistral") ? "mistral" : "llama");
        c.put("vocab_size", 96);
        c.put("hidden_size", 32);
        c.put("intermediate_size", 64);
        c.put("num_hidden_layers", 2);
        c.put("num_attention_heads", 4);
        c.put("num_key_value_heads", 2);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        c.put("max_position_embeddings", 64);
        c.put("tie_word_embeddings", false);
        c.put("hidden_act", "silu");
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        c.put("torch_dtype", "float32");
        return c;
    }

    /** Writes config.json and model.safetensors (or shards) with N(0, 0.2) weights, norms ~ 1. */
    public static Path write(Path dir, ObjectNode config, long seed, long maxShardBytes)
            throws IOException {
        java.nio.file.Files.createDirectories(dir);
        new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("config.json").toFile(), config);
        ModelConfig c = ModelConfig.fromJson(config);
        try (NDManager m = DjlRuntime.newManager()) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            List<TensorSource> tensors = new ArrayList<>();
            for (Map.Entry<String, long[]> e : tunebench.engine.model.llama.LlamaLayout.shapes(c).entrySet()) {
                NDArray a = e.getKey().endsWith("norm.weight")
                        ? m.randomNormal(1f, 0.1f, new ai.djl.ndarray.types.Shape(e.getValue()),
                                ai.djl.ndarray.types.DataType.FLOAT32)
                        : m.randomNormal(0f, 0.2f, new ai.djl.ndarray.types.Shape(e.getValue()),
                                ai.djl.ndarray.types.DataType.FLOAT32);
                tensors.add(TensorSource.of(e.getKey(), a));
            }
            if (maxShardBytes > 0) {
                SafetensorsWriter.writeSharded(dir, "model", Map.of("format", "pt"), tensors,
                        maxShardBytes);
            } else {
                SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"),
                        tensors);
            }
        }
        return dir;
    }

    /**
     * Copies a checkpoint's config.json (or writes {@code config} instead, when not null) and
     * its tensors, each passed through {@code change} (name, array) -> what to store.
     */
    public static void rewrite(Path from, Path to, ObjectNode config,
            java.util.function.BiFunction<String, NDArray, TensorSource> change) throws IOException {
        java.nio.file.Files.createDirectories(to);
        if (config == null) {
            java.nio.file.Files.copy(from.resolve("config.json"), to.resolve("config.json"));
        } else {
            new ObjectMapper().writeValue(to.resolve("config.json").toFile(), config);
        }
        try (var in = tunebench.engine.model.safetensors.SafetensorsReader.open(from.resolve("model.safetensors"));
                NDManager m = DjlRuntime.newManager()) {
            List<TensorSource> out = new ArrayList<>();
            for (String n : in.names()) {
                out.add(change.apply(n, in.read(n, m)));
            }
            SafetensorsWriter.write(to.resolve("model.safetensors"), in.metadata(), out);
        }
    }

    /**
     * A random Llama whose vocabulary is the hand-made test tokenizer's (261 pieces + 5 special
     * tokens, src/test/resources/tokenizer/tiny-bpe), with that tokenizer's files beside it.
     */
    public static Path withTinyTokenizer(Path dir, long seed) throws IOException {
        ObjectNode config = config("LlamaForCausalLM");
        config.put("vocab_size", 266);
        config.put("bos_token_id", 261);
        config.put("eos_token_id", 262);
        config.put("max_position_embeddings", 256);
        write(dir, config, seed, 0);
        Path tokenizer = Path.of("src", "test", "resources", "tokenizer", "tiny-bpe");
        for (String f : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            java.nio.file.Files.copy(tokenizer.resolve(f), dir.resolve(f));
        }
        return dir;
    }
}
