package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A linear projection {@code y = x W^T + b} holding a Hugging Face weight ({@code [out, in]},
 * as torch's nn.Linear stores it). Named by its module path, e.g.
 * {@code model.layers.0.self_attn.q_proj}, so adapters and checkpoints can find it. Any number
 * of LoRA adapters may sit on it; at most one is active, switched without touching the base.
 */
public class Linear {

    private final String name;
    private NDArray weight;
    private final NDArray bias;
    private final Map<String, LinearAdapter> adapters = new LinkedHashMap<>();
    private LinearAdapter active;
    private boolean training;

    public Linear(String name, NDArray weight, NDArray bias) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
    }

    /** x (..., in) -> (..., out), plus the active adapter's delta. */
    public NDArray forward(NDArray x) {
        NDArray y = ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
        return active == null ? y : y.add(active.delta(x, training));
    }

    /** Adds (or replaces) a named adapter; it is not active until {@link #activate}. */
    public void putAdapter(String adapter, LinearAdapter weights) {
        LinearAdapter old = adapters.put(adapter, weights);
        if (old != null && old == active) {
            active = weights;
        }
    }

    public LinearAdapter removeAdapter(String adapter) {
        LinearAdapter removed = adapters.remove(adapter);
        if (removed != null && removed == active) {
            active = null;
        }
        return removed;
    }

    public LinearAdapter adapter(String adapter) {
        return adapters.get(adapter);
    }

    /** Uses this adapter from now on, or none when null or when this layer has no such adapter. */
    public void activate(String adapter, boolean trainingMode) {
        this.active = adapter == null ? null : adapters.get(adapter);
        this.training = trainingMode;
    }

    public String name() {
        return name;
    }

    public NDArray weight() {
        return weight;
    }

    /** Replaces the weight (merging an adapter, quantizing); the caller owns the old one. */
    public void setWeight(NDArray weight) {
        this.weight = weight;
    }

    /** The bias, or null when the layer has none. */
    public NDArray bias() {
        return bias;
    }

    public long inFeatures() {
        return weight.getShape().get(1);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
