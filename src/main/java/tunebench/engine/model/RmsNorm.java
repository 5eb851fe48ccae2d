package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Root-mean-square layer norm as transformers' {@code LlamaRMSNorm}: the variance is taken in
 * float32 whatever the compute type, then the normalised input is cast back and scaled.
 */
public final class RmsNorm {

    private final String name;
    private final NDArray weight;
    private final float eps;

    public RmsNorm(String name, NDArray weight, double eps) {
        this.name = name;
        this.weight = weight;
        this.eps = (float) eps;
    }

    /** x (..., hidden) -> (..., hidden). */
    public NDArray forward(NDArray x) {
        DataType inputType = x.getDataType();
        NDArray h = Casts.to(x, DataType.FLOAT32);
        NDArray variance = h.square().mean(new int[] {-1}, true);
        NDArray normed = h.mul(variance.add(Scalars.of(variance, eps)).pow(Scalars.of(variance, -0.5)));
        normed = Casts.to(normed, inputType);
        // Input first, so the result belongs to the caller's manager, not the weight's.
        return normed.mul(weight);
    }

    public String name() {
        return name;
    }

    public NDArray weight() {
        return weight;
    }
}
