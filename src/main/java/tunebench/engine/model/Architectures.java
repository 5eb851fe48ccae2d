package tunebench.engine.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.llama.LlamaModel;

/**
 * The architectures we run, by the name a config's {@code architectures} field gives. Adding
 * a family (GPT-2: LayerNorm, learned positions, Conv1D weights) is one more entry and class.
 */
public final class Architectures {

    /** Builds a model of one family from its config and weights. */
    @FunctionalInterface
    interface Factory {
        CausalLm load(ModelConfig config, WeightSource weights, NDManager manager,
                DataType computeType) throws IOException;
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("LlamaForCausalLM", LlamaModel::load);
        FACTORIES.put("MistralForCausalLM", LlamaModel::load);
        FACTORIES.put("Qwen2ForCausalLM", LlamaModel::load);
    }

    private Architectures() {}

    public static List<String> supported() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** Throws naming the supported architectures unless {@code config} is one of them. */
    public static void check(ModelConfig config, Path configFile)
            throws UnsupportedArchitectureException {
        if (!FACTORIES.containsKey(config.architecture())) {
            String name = config.architecture().isEmpty()
                    ? "no 'architectures' entry" : "architecture '" + config.architecture() + "'";
            throw new UnsupportedArchitectureException(configFile + " declares " + name
                    + "; Tunebench supports " + String.join(", ", supported()));
        }
        if (!"silu".equals(config.hiddenAct())) {
            throw new UnsupportedArchitectureException(configFile + " uses hidden_act '"
                    + config.hiddenAct() + "'; this family supports only silu");
        }
    }

    static CausalLm load(ModelConfig config, WeightSource weights, NDManager manager,
            DataType computeType) throws IOException {
        return FACTORIES.get(config.architecture()).load(config, weights, manager, computeType);
    }
}
