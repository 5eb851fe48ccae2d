package tunebench.engine.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Named tensors on disk, read one at a time: a single safetensors file or a sharded
 * checkpoint behind a {@code model.safetensors.index.json}. Callers need not know which.
 */
public interface TensorStore extends AutoCloseable {

    String SINGLE_FILE = "model.safetensors";
    String INDEX_FILE = "model.safetensors.index.json";

    /**
     * Opens a checkpoint: a folder holding {@code model.safetensors} (preferred, as Hugging Face
     * does) or {@code model.safetensors.index.json}, or one such file named directly (any
     * {@code *.safetensors} or {@code *.index.json}).
     */
    static TensorStore open(Path checkpoint) throws IOException {
        if (Files.isDirectory(checkpoint)) {
            Path single = checkpoint.resolve(SINGLE_FILE);
            if (Files.isRegularFile(single)) {
                return SafetensorsReader.open(single);
            }
            Path index = checkpoint.resolve(INDEX_FILE);
            if (Files.isRegularFile(index)) {
                return ShardedSafetensors.open(index);
            }
            throw new SafetensorsException(
                    checkpoint + " holds neither " + SINGLE_FILE + " nor " + INDEX_FILE);
        }
        if (checkpoint.getFileName().toString().endsWith(".index.json")) {
            return ShardedSafetensors.open(checkpoint);
        }
        return SafetensorsReader.open(checkpoint);
    }

    /** The file opened: the safetensors file, or the index of a sharded checkpoint. */
    Path file();

    /** The file's {@code __metadata__} (or the index's {@code metadata}), in file order. */
    Map<String, String> metadata();

    /** Tensor names in file (or weight-map) order. */
    List<String> names();

    boolean contains(String name);

    /** The header entry of a tensor; offsets are relative to its own file's data section. */
    TensorEntry entry(String name) throws SafetensorsException;

    /**
     * One tensor as a new array owned by {@code manager}, in its stored type except BF16,
     * which arrives widened to FLOAT32 (BF16 must never reach DJL).
     */
    NDArray read(String name, NDManager manager) throws IOException;

    /** One tensor converted to {@code target} (e.g. F16/BF16/F32 to FLOAT32 or FLOAT16). */
    NDArray read(String name, NDManager manager, DataType target) throws IOException;

    /** The stored bytes of one tensor, little-endian, for bit-exact copies. */
    ByteBuffer readRaw(String name) throws IOException;

    @Override
    void close() throws IOException;
}
