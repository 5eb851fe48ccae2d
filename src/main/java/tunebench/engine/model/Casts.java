package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Dtype casts that autograd can go back through. DJL's {@code toType} runs libtorch's
 * {@code to()} under a no-grad guard, so on a recorded path it cuts the graph: an FP16 model's
 * FP32 logits would not require grad and no LoRA weight would get a gradient. While grad mode
 * is on, a widening cast is an add of a one-element zero in the wider type (type promotion),
 * and a narrowing cast is {@code cumprod(dtype=...)} over a length-1 axis, which casts its input
 * first and is the identity; both have torch's own backward. Without grad mode it is toType.
 */
public final class Casts {

    private Casts() {}

    /** {@code x} as {@code type}: x itself when it already is, else a new array. */
    public static NDArray to(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        if (!JniUtils.isGradMode()) {
            return x.toType(type, false);
        }
        if (bytes(type) > bytes(x.getDataType())) {
            NDArray zero = x.getManager().zeros(new Shape(1), type, x.getDevice());
            NDArray wide = x.add(zero); // (1) broadcasts, and promotes to the wider type
            return x.getShape().dimension() == 0 ? wide.reshape(new Shape()) : wide;
        }
        NDArray column = x.expandDims(-1); // (..., 1)
        return JniUtils.cumProd((PtNDArray) column, -1, type).squeeze(-1);
    }

    private static int bytes(DataType t) {
        return t.getNumOfBytes();
    }
}
