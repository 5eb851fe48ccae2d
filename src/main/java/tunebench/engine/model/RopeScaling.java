package tunebench.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code rope_scaling} block of a Hugging Face config: how rotary frequencies stretch to
 * contexts longer than the model was trained on. Types follow transformers'
 * {@code modeling_rope_utils}: linear, dynamic (NTK) and llama3.
 */
public record RopeScaling(
        String type,
        double factor,
        double lowFreqFactor,
        double highFreqFactor,
        int originalMaxPositionEmbeddings) {

    /** The types we implement; anything else is refused with this list. */
    public static final List<String> SUPPORTED = List.of("default", "linear", "dynamic", "llama3");

    public RopeScaling {
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException(
                    "rope_scaling type '" + type + "' is not supported; supported: " + SUPPORTED);
        }
        if (!"default".equals(type) && !(factor > 0)) {
            throw new IllegalArgumentException("rope_scaling factor must be > 0, got " + factor);
        }
    }

    /** No scaling: plain RoPE. */
    public static RopeScaling none() {
        return new RopeScaling("default", 1.0, 1.0, 4.0, 0);
    }

    public static RopeScaling linear(double factor) {
        return new RopeScaling("linear", factor, 1.0, 4.0, 0);
    }

    public static RopeScaling dynamic(double factor) {
        return new RopeScaling("dynamic", factor, 1.0, 4.0, 0);
    }

    public static RopeScaling llama3(double factor, double low, double high, int originalMax) {
        return new RopeScaling("llama3", factor, low, high, originalMax);
    }

    /** Parses the json block; null or missing means no scaling. */
    static RopeScaling fromJson(JsonNode node, int maxPositionEmbeddings) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return none();
        }
        // transformers renamed "type" to "rope_type"; both occur in real configs.
        String type = node.path("rope_type").asText(node.path("type").asText("default"));
        double factor = node.path("factor").asDouble(1.0);
        return new RopeScaling(
                type,
                factor,
                node.path("low_freq_factor").asDouble(1.0),
                node.path("high_freq_factor").asDouble(4.0),
                node.path("original_max_position_embeddings").asInt(maxPositionEmbeddings));
    }

    public boolean isNone() {
        return "default".equals(type);
    }
}
