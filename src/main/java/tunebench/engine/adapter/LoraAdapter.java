package tunebench.engine.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.Linear;
import tunebench.engine.runtime.DjlRuntime;

/**
 * One named LoRA adapter over a whole model: its spec and the A/B pair on each wrapped layer.
 * Several adapters can sit on one base; {@link #activate} picks the one forward passes use,
 * without reloading anything. Base weights are never modified (except by {@link #merge}).
 */
public final class LoraAdapter implements AutoCloseable {

    private final String name;
    private final LoraSpec spec;
    private final CausalLm model;
    private final NDManager manager;
    private final Map<String, LoraWeights> layers;

    LoraAdapter(String name, LoraSpec spec, CausalLm model, NDManager manager,
            Map<String, LoraWeights> layers) {
        this.name = name;
        this.spec = spec;
        this.model = model;
        this.manager = manager;
        this.layers = Collections.unmodifiableMap(layers);
        layers.forEach((path, w) -> model.linears().get(path).putAdapter(name, w));
    }

    /**
     * A new adapter with PEFT's default initialisation: A ~ U(-1/sqrt(in), 1/sqrt(in))
     * (kaiming_uniform with a = sqrt(5)), B = 0, so the model's output is unchanged at first.
     */
    public static LoraAdapter create(CausalLm model, String name, LoraSpec spec, long seed) {
        NDManager manager = model.manager().newSubManager();
        Map<String, LoraWeights> layers = new LinkedHashMap<>();
        DjlRuntime.engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        for (Map.Entry<String, Linear> e : model.linears().entrySet()) {
            if (!spec.targets(e.getKey())) {
                continue;
            }
            Linear linear = e.getValue();
            int r = spec.rankFor(e.getKey());
            float bound = (float) (1.0 / Math.sqrt(linear.inFeatures()));
            NDArray a = manager.randomUniform(-bound, bound, new Shape(r, linear.inFeatures()),
                    DataType.FLOAT32);
            NDArray b = manager.zeros(new Shape(linear.outFeatures(), r), DataType.FLOAT32);
            layers.put(e.getKey(), new LoraWeights(a, b, spec.scalingFor(e.getKey()), spec.dropout()));
        }
        if (layers.isEmpty()) {
            manager.close();
            throw new IllegalArgumentException("target_modules " + spec.targetModules()
                    + " match no linear layer; layers look like " + model.linears().keySet().stream()
                            .limit(3).toList());
        }
        return new LoraAdapter(name, spec, model, manager, layers);
    }

    /** PEFT's tensor name on disk for a layer's A or B ("lora_A" / "lora_B"). */
    public static String peftName(String path, String part) {
        return "base_model.model." + path + "." + part + ".weight";
    }

    /** Every trainable array by PEFT's on-disk name, A before B, layers in model order. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        layers.forEach((path, w) -> {
            out.put(peftName(path, "lora_A"), w.a());
            out.put(peftName(path, "lora_B"), w.b());
        });
        return out;
    }

    /** The same arrays under PEFT's in-memory names ({@code ...lora_A.<adapter>.weight}). */
    public Map<String, NDArray> parametersByModuleName() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        layers.forEach((path, w) -> {
            out.put("base_model.model." + path + ".lora_A." + name + ".weight", w.a());
            out.put("base_model.model." + path + ".lora_B." + name + ".weight", w.b());
        });
        return out;
    }

    public long parameterCount() {
        long n = 0;
        for (LoraWeights w : layers.values()) {
            n += w.a().size() + w.b().size();
        }
        return n;
    }

    /** Makes this adapter the one every wrapped layer uses (training switches on dropout). */
    public void activate(boolean training) {
        for (Linear linear : model.linears().values()) {
            linear.activate(layers.containsKey(linear.name()) ? name : null, training);
        }
    }

    /** No adapter: the base model alone. */
    public static void deactivateAll(CausalLm model) {
        for (Linear linear : model.linears().values()) {
            linear.activate(null, false);
        }
    }

    /**
     * Folds the adapter into the base weights, W += scaling * B @ A, and removes it: what PEFT's
     * merge_and_unload does. The base model changes for every user of it.
     */
    public void merge() {
        layers.forEach((path, w) -> {
            Linear linear = model.linears().get(path);
            NDArray delta = w.deltaWeight().toType(linear.weight().getDataType(), false);
            linear.weight().addi(delta);
            delta.close();
        });
        close();
    }

    public String name() {
        return name;
    }

    public LoraSpec spec() {
        return spec;
    }

    public CausalLm model() {
        return model;
    }

    /** The A/B pair on each wrapped layer, by module path. */
    public Map<String, LoraWeights> layers() {
        return layers;
    }

    NDManager manager() {
        return manager;
    }

    /** Removes the adapter from every layer and frees its weights. */
    @Override
    public void close() {
        for (String path : layers.keySet()) {
            model.linears().get(path).removeAdapter(name);
        }
        manager.close();
    }
}
