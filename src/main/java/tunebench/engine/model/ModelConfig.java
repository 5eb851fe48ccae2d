package tunebench.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What we read from a checkpoint's {@code config.json}: the shape of a decoder-only model.
 * Field names follow transformers' {@code LlamaConfig}; the raw json is kept so a merged
 * checkpoint can be written back with every key the user had.
 */
public record ModelConfig(
        String architecture,
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        Integer slidingWindow,
        boolean attentionBias,
        boolean mlpBias,
        String hiddenAct,
        List<Long> bosTokenIds,
        List<Long> eosTokenIds,
        Long padTokenId,
        String torchDtype,
        JsonNode raw) {

    public ModelConfig {
        List<String> problems = new ArrayList<>();
        positive(problems, "vocab_size", vocabSize);
        positive(problems, "hidden_size", hiddenSize);
        positive(problems, "intermediate_size", intermediateSize);
        positive(problems, "num_hidden_layers", numHiddenLayers);
        positive(problems, "num_attention_heads", numAttentionHeads);
        positive(problems, "num_key_value_heads", numKeyValueHeads);
        positive(problems, "head_dim", headDim);
        if (numAttentionHeads > 0 && numKeyValueHeads > 0
                && numAttentionHeads % numKeyValueHeads != 0) {
            problems.add("num_attention_heads (" + numAttentionHeads
                    + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        }
        if (headDim > 0 && headDim % 2 != 0) {
            problems.add("head_dim must be even for rotary embeddings, got " + headDim);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        bosTokenIds = List.copyOf(bosTokenIds);
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    private static void positive(List<String> problems, String key, int value) {
        if (value <= 0) {
            problems.add(key + " must be > 0, got " + value);
        }
    }

    /** Reads and checks {@code dir/config.json}; errors name the file. */
    public static ModelConfig read(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("No config.json in " + dir + ": not a Hugging Face model folder");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Builds a config from parsed json; throws IllegalArgumentException on missing keys. */
    public static ModelConfig fromJson(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("config must be a JSON object");
        }
        JsonNode archs = root.path("architectures");
        String architecture = archs.isArray() && archs.size() > 0 ? archs.get(0).asText() : "";
        int hidden = requireInt(root, "hidden_size");
        int heads = requireInt(root, "num_attention_heads");
        int maxPos = root.path("max_position_embeddings").asInt(2048);
        // Mistral and Qwen3 configs may say head_dim explicitly (null in some Mistral files).
        int headDim = root.path("head_dim").isInt() ? root.get("head_dim").asInt()
                : heads > 0 ? hidden / heads : 0;
        String modelType = root.path("model_type").asText("");
        return new ModelConfig(
                architecture,
                modelType,
                requireInt(root, "vocab_size"),
                hidden,
                requireInt(root, "intermediate_size"),
                requireInt(root, "num_hidden_layers"),
                heads,
                root.path("num_key_value_heads").isInt() ? root.get("num_key_value_heads").asInt() : heads,
                headDim,
                root.path("rms_norm_eps").asDouble(1e-6),
                root.path("rope_theta").asDouble(10000.0),
                RopeScaling.fromJson(root.get("rope_scaling"), maxPos),
                maxPos,
                root.path("tie_word_embeddings").asBoolean(false),
                slidingWindow(root),
                // Qwen2 has q/k/v biases without saying so in its config.
                root.path("attention_bias").asBoolean("qwen2".equals(modelType)),
                root.path("mlp_bias").asBoolean(false),
                root.path("hidden_act").asText("silu"),
                ids(root.get("bos_token_id")),
                ids(root.get("eos_token_id")),
                root.path("pad_token_id").isIntegralNumber() ? root.get("pad_token_id").asLong() : null,
                root.path("torch_dtype").asText(root.path("dtype").asText("float32")),
                root.deepCopy());
    }

    /** Mistral's window; Qwen2 has one only when use_sliding_window is true. */
    private static Integer slidingWindow(JsonNode root) {
        JsonNode w = root.get("sliding_window");
        if (w == null || !w.isIntegralNumber()) {
            return null;
        }
        JsonNode use = root.get("use_sliding_window");
        return use != null && !use.asBoolean() ? null : w.asInt();
    }

    private static int requireInt(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("missing or non-integer '" + key + "'");
        }
        return n.asInt();
    }

    private static List<Long> ids(JsonNode n) {
        List<Long> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asLong()));
        } else if (n.isIntegralNumber()) {
            out.add(n.asLong());
        }
        return out;
    }

    public int kvGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Parameter count implied by the shape (embeddings, layers, norms, head). */
    public long parameterCount() {
        long h = hiddenSize;
        long q = (long) numAttentionHeads * headDim;
        long kv = (long) numKeyValueHeads * headDim;
        long attn = h * q + 2 * h * kv + q * h + (attentionBias ? q + 2 * kv : 0);
        long mlp = 3 * h * intermediateSize + (mlpBias ? 2L * intermediateSize + h : 0);
        long layer = attn + mlp + 2 * h;
        long embed = (long) vocabSize * h;
        return embed + numHiddenLayers * layer + h + (tieWordEmbeddings ? 0 : embed);
    }
}
