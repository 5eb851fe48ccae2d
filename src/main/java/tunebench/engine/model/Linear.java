package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import tunebench.engine.quant.Nf4Weight;

/**
 * A linear projection {@code y = x W^T + b} holding a Hugging Face weight ({@code [out, in]},
 * as torch's nn.Linear stores it). Named by its module path, e.g.
 * {@code model.layers.0.self_attn.q_proj}, so adapters and checkpoints can find it. Any number
 * of LoRA adapters may sit on it; at most one is active, switched without touching the base.
 * The frozen base weight is either a dense array or NF4 codes (QLoRA), dequantized into the
 * compute dtype for each pass and freed right after; adapters stay in full precision on top.
 */
public class Linear {

    private final String name;
    private NDArray weight;
    private final Nf4Weight quantized;
    private final DataType computeType;
    private final NDArray bias;
    private final Map<String, LinearAdapter> adapters = new LinkedHashMap<>();
    private LinearAdapter active;
    private boolean training;

    public Linear(String name, NDArray weight, NDArray bias) {
        this.name = name;
        this.weight = weight;
        this.quantized = null;
        this.computeType = weight.getDataType();
        this.bias = bias;
    }

    /** A frozen NF4 base, dequantized into {@code computeType} for each forward pass. */
    public Linear(String name, Nf4Weight quantized, NDArray bias, DataType computeType) {
        this.name = name;
        this.weight = null;
        this.quantized = quantized;
        this.computeType = computeType;
        this.bias = bias;
    }

    /** x (..., in) -> (..., out), plus the active adapter's delta. */
    public NDArray forward(NDArray x) {
        NDArray y = quantized == null
                ? ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow()
                : quantizedForward(x);
        return active == null ? y : y.add(active.delta(x, training));
    }

    /**
     * bitsandbytes' 4-bit matmul on its reference path: dequantize, then an ordinary linear.
     * The dense weight is closed as soon as the product exists, so inference expands one
     * weight at a time; while training, autograd keeps its own reference for the backward pass.
     */
    private NDArray quantizedForward(NDArray x) {
        NDArray w = quantized.dequantize(computeType);
        try {
            return ai.djl.nn.core.Linear.linear(x, w, bias).singletonOrThrow();
        } finally {
            w.close();
        }
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

    /**
     * The dense weight. A quantized layer has none to hand out: in-place edits (merging an
     * adapter) would silently change a temporary copy, so this refuses with the reason.
     */
    public NDArray weight() {
        if (quantized != null) {
            throw new IllegalStateException(name + " holds its weight as NF4 codes (QLoRA); it"
                    + " cannot be changed in place. Merge an adapter into the unquantized base"
                    + " (load it without --quantize), as PEFT users merge QLoRA adapters.");
        }
        return weight;
    }

    /** The NF4 weight, or null when the layer is dense. */
    public Nf4Weight quantizedWeight() {
        return quantized;
    }

    public boolean isQuantized() {
        return quantized != null;
    }

    /** The base weight in the compute dtype: a new array the caller closes. */
    public NDArray dequantizedWeight() {
        return quantized != null ? quantized.dequantize(computeType) : weight.duplicate();
    }

    /** Replaces the weight (merging an adapter); the caller owns the old one. */
    public void setWeight(NDArray weight) {
        if (quantized != null) {
            weight(); // refuses with the reason
        }
        this.weight = weight;
    }

    /** The bias, or null when the layer has none. */
    public NDArray bias() {
        return bias;
    }

    public long inFeatures() {
        return quantized != null ? quantized.shape()[1] : weight.getShape().get(1);
    }

    public long outFeatures() {
        return quantized != null ? quantized.shape()[0] : weight.getShape().get(0);
    }
}
