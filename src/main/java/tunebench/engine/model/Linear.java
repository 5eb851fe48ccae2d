package tunebench.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * A linear projection {@code y = x W^T + b} holding a Hugging Face weight ({@code [out, in]},
 * as torch's nn.Linear stores it). Named by its module path, e.g.
 * {@code model.layers.0.self_attn.q_proj}, so adapters and checkpoints can find it.
 */
public class Linear {

    private final String name;
    private NDArray weight;
    private final NDArray bias;

    public Linear(String name, NDArray weight, NDArray bias) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
    }

    /** x (..., in) -> (..., out). */
    public NDArray forward(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
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
