package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands that are safe on a path autograd records. DJL's Number overloads
 * ({@code x.mul(2f)}) wrap a Java direct buffer with torch::from_blob and close it right after
 * the op; autograd keeps that tensor for backward (MulBackward saves its other operand), and once
 * the GC frees the buffer, backward reads freed memory: gradients turn to garbage or NaN at
 * random steps. A scalar made by libtorch ({@code full}) owns its memory, so it cannot dangle.
 */
public final class Scalars {

    private Scalars() {}

    /** A 0-d tensor of {@code value} with the dtype and device of {@code like}. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }
}
