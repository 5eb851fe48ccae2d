package tunebench.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.model.llama.LlamaLayout;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.Method;

/**
 * How many parameters a run will train, worked out from the model's config.json and
 * safetensors headers alone (no weight is loaded), so a form can show PEFT's
 * "trainable params: N || all params: M || trainable%" while the user edits. LoRA adds
 * {@code r * (in + out)} per adapted linear layer: A is (r, in), B is (out, r).
 *
 * @param trainable parameters the optimizer would update
 * @param total base parameters plus the adapter's, as PEFT counts "all params"
 */
public record TrainableParameters(long trainable, long total) {

    /** The output head: PEFT's "all-linear" leaves it out, so the checklist does too. */
    private static final String LM_HEAD = "lm_head";

    /** Trainable share in percent. */
    public double percent() {
        return total == 0 ? 0 : 100.0 * trainable / total;
    }

    /** The count for a method on an inspected model folder; empty while the method is invalid. */
    public static Optional<TrainableParameters> estimate(ModelInfo info, Method method) {
        return estimate(info.config(), info.parameterCount(), method);
    }

    /**
     * @param baseParameters what the checkpoint holds (a tied embedding counts once)
     * @return empty for a method with problems, or one this class cannot count yet
     */
    public static Optional<TrainableParameters> estimate(ModelConfig config, long baseParameters,
            Method method) {
        if (!method.validate().isEmpty()) {
            return Optional.empty();
        }
        if (method instanceof DpoMethod d) { // DPO trains its LoRA adapter, or the whole model
            return estimate(config, baseParameters, d.trainsLora() ? d.lora() : new FullMethod());
        }
        if (method instanceof RewardMethod rw) { // the adapter plus the value head
            return estimate(config, baseParameters, rw.lora()).map(t -> new TrainableParameters(
                    t.trainable() + config.hiddenSize(), t.total() + config.hiddenSize()));
        }
        if (method instanceof FullMethod) {
            return Optional.of(new TrainableParameters(baseParameters, baseParameters));
        }
        if (method instanceof LoraMethod m) {
            long adapter = loraParameters(config, LoraSpec.of(m.r(), m.alpha(), m.dropout(),
                    m.targetModules(), m.useRslora()));
            return Optional.of(new TrainableParameters(adapter, baseParameters + adapter));
        }
        return Optional.empty();
    }

    /** A and B of every linear layer the spec wraps; 0 when it matches none. */
    public static long loraParameters(ModelConfig config, LoraSpec spec) {
        long n = 0;
        for (Map.Entry<String, long[]> e : linearShapes(config).entrySet()) {
            if (spec.targets(e.getKey())) {
                long[] outIn = e.getValue();
                n += (long) spec.rankFor(e.getKey()) * (outIn[0] + outIn[1]);
            }
        }
        return n;
    }

    /**
     * Every linear layer an adapter can wrap, by module path, with its weight's (out, in):
     * the projections of each block, and lm_head, which the model always has as a layer
     * even when it shares the embedding's weight.
     */
    public static Map<String, long[]> linearShapes(ModelConfig config) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : LlamaLayout.shapes(config).entrySet()) {
            String name = e.getKey();
            if (name.startsWith("model.layers.") && name.endsWith("_proj.weight")) {
                out.put(name.substring(0, name.length() - ".weight".length()), e.getValue());
            }
        }
        out.put(LM_HEAD, new long[] {config.vocabSize(), config.hiddenSize()});
        return out;
    }

    /** The distinct layer names a target list can use, in model order: q_proj ... down_proj. */
    public static List<String> linearModuleNames(ModelConfig config) {
        List<String> names = new ArrayList<>();
        for (String path : linearShapes(config).keySet()) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (!last.equals(LM_HEAD) && !names.contains(last)) {
                names.add(last);
            }
        }
        return names;
    }
}
