package tunebench.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tunebench.engine.model.safetensors.TensorEntry;
import tunebench.engine.model.safetensors.TensorStore;

/**
 * What a model folder holds, read from config.json and the safetensors headers only (no
 * weights are loaded): shape, parameter count, stored dtypes, bytes on disk, and the memory
 * loading it would take.
 *
 * @param parametersByDtype stored parameter count per safetensors dtype (e.g. BF16 -> n)
 * @param loadBytesFloat32 memory the weights take once loaded for CPU compute (float32)
 * @param loadBytesFloat16 memory the weights take in float16 (GPU compute)
 */
public record ModelInfo(
        CheckpointFolder folder,
        ModelConfig config,
        boolean supported,
        int tensorCount,
        long parameterCount,
        Map<String, Long> parametersByDtype,
        long loadBytesFloat32,
        long loadBytesFloat16) {

    public static ModelInfo inspect(Path dir) throws IOException {
        CheckpointFolder folder = CheckpointFolder.open(dir);
        ModelConfig config = ModelConfig.read(dir);
        boolean supported = Architectures.supported().contains(config.architecture());
        Map<String, Long> byDtype = new TreeMap<>();
        long params = 0;
        int count = 0;
        try (TensorStore store = TensorStore.open(folder.weights())) {
            for (String name : store.names()) {
                TensorEntry e = store.entry(name);
                long n = 1;
                for (long d : e.shape()) {
                    n *= d;
                }
                params += n;
                count++;
                byDtype.merge(e.dtype().name(), n, Long::sum);
            }
        }
        return new ModelInfo(folder, config, supported, count, params, byDtype, params * 4,
                params * 2);
    }
}
