package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import tunebench.engine.model.safetensors.TensorStore;

/**
 * What a method trains: the parameters the optimizer updates, and how they are saved in a
 * checkpoint (exactly, in float32, so a resumed run continues bit for bit) and at the end (in
 * the format users take elsewhere: a PEFT adapter, or a Hugging Face model).
 */
interface Trainable extends AutoCloseable {

    /** Parameters to update, by name, each with requiresGradient on. */
    Map<String, NDArray> parameters();

    long trainableCount();

    /** Base parameters plus trainable ones that are not part of the base (adapters). */
    long totalCount();

    /** Training mode turns on dropout (LoRA); evaluation and probes run without. */
    void trainMode(boolean training);

    /**
     * After backward: moves the step's gradients to where the optimizer reads them. Only a full
     * run in FP16 does anything: its FP16 gradients go to the FP32 master copies.
     */
    default void gatherGradients() {}

    /** After an optimizer step: a full FP16 run casts its updated masters into the weights. */
    default void parametersUpdated() {}

    void saveCheckpoint(Path dir) throws IOException;

    void loadCheckpoint(Path dir) throws IOException;

    /** Writes the final result under {@code runDir} and returns its folder. */
    Path saveFinal(Path runDir) throws IOException;

    @Override
    void close();

    /** Copies saved values into the live parameters in place (they keep requiresGradient). */
    static void restore(Map<String, NDArray> params, TensorStore store) throws IOException {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            if (!store.contains(e.getKey())) {
                throw new IOException(store.file() + " lacks the trained tensor '" + e.getKey() + "'");
            }
            try (NDArray saved = store.read(e.getKey(), e.getValue().getManager(),
                    e.getValue().getDataType())) {
                if (!saved.getShape().equals(e.getValue().getShape())) {
                    throw new IOException(store.file() + ": '" + e.getKey() + "' has shape "
                            + saved.getShape() + ", the run needs " + e.getValue().getShape());
                }
                e.getValue().muli(0).addi(saved);
            }
        }
    }
}
