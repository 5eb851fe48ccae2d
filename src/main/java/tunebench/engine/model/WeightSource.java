package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import tunebench.engine.quant.Nf4Weight;

/**
 * Hands a model its weights one tensor at a time, already in the compute dtype and checked
 * against the shape the architecture expects, so loading never holds two copies of the model.
 */
public interface WeightSource {

    /** The tensor, shape-checked; an IOException naming the file and tensor if absent or wrong. */
    NDArray take(String name, long... expectedShape) throws IOException;

    /** Whether the checkpoint holds this tensor (optional biases). */
    boolean has(String name);

    /**
     * A frozen linear weight as NF4 when this load quantizes (QLoRA), quantized from the
     * stored tensor on its own; null when weights load in full precision, and the model then
     * calls {@link #take}. Architectures ask only for the layers bitsandbytes would quantize.
     */
    default Nf4Weight takeQuantized(String name, long... expectedShape) throws IOException {
        return null;
    }
}
