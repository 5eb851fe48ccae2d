package tunebench.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * Something that adds to a linear layer's output, such as a LoRA adapter. Declared here so the
 * model does not depend on the adapter package.
 */
public interface LinearAdapter {

    /** x (..., in) -> the amount added to the layer's output (..., out). */
    NDArray delta(NDArray x, boolean training);
}
