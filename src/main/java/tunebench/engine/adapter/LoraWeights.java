package tunebench.engine.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import tunebench.engine.model.Casts;
import tunebench.engine.model.LinearAdapter;
import tunebench.engine.model.Scalars;

/**
 * One adapter on one linear layer: {@code delta(x) = B(A(dropout(x))) * scaling}, A (r, in),
 * B (out, r) as PEFT stores them. Dropout touches only the adapter's input, never the base path.
 */
public final class LoraWeights implements LinearAdapter {

    private final NDArray a;
    private final NDArray b;
    private final float scaling;
    private final float dropout;

    public LoraWeights(NDArray a, NDArray b, double scaling, double dropout) {
        this.a = a;
        this.b = b;
        this.scaling = (float) scaling;
        this.dropout = (float) dropout;
    }

    /**
     * x (..., in) -> (..., out) in x's dtype. As PEFT's LoRA forward, the branch computes in
     * the adapter's dtype (float32 even over an FP16 base: x is cast up first) and its output is
     * cast back to the base's dtype before it is added, so A and B and their gradients stay FP32.
     */
    @Override
    public NDArray delta(NDArray x, boolean training) {
        DataType baseType = x.getDataType();
        NDArray cast = Casts.to(x, a.getDataType());
        NDArray in = training && dropout > 0
                ? Dropout.dropout(cast, dropout, true).singletonOrThrow() : cast;
        NDArray h = Linear.linear(in, a).singletonOrThrow(); // (..., r)
        NDArray out = Linear.linear(h, b).singletonOrThrow(); // (..., out)
        NDArray scaled = out.mul(Scalars.of(out, scaling));
        return Casts.to(scaled, baseType);
    }

    /** scaling * B @ A, shaped like the base weight (out, in). */
    public NDArray deltaWeight() {
        return b.matMul(a).mul(scaling);
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    public double scaling() {
        return scaling;
    }

    public int rank() {
        return (int) a.getShape().get(0);
    }
}
