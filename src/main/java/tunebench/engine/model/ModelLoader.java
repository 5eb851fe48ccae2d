package tunebench.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tunebench.engine.model.safetensors.SafeDtype;
import tunebench.engine.model.safetensors.TensorEntry;
import tunebench.engine.model.safetensors.TensorStore;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.runtime.DjlRuntime;

/**
 * Loads a Hugging Face model folder: checks the folder and config, picks the architecture, and
 * reads the weights tensor by tensor into the compute dtype (BF16 and F16 widened to float32 on
 * the CPU), so the full-precision model is never held twice.
 */
public final class ModelLoader {

    private ModelLoader() {}

    /** Loads on the CPU in float32. */
    public static LoadedModel load(Path dir) throws IOException {
        return load(dir, Device.cpu(), DataType.FLOAT32);
    }

    public static LoadedModel load(Path dir, Device device, DataType computeType)
            throws IOException {
        SafeDtype.requireDjlSafe(computeType);
        CheckpointFolder folder = CheckpointFolder.open(dir);
        ModelConfig config = ModelConfig.read(dir);
        Architectures.check(config, folder.configFile());
        GenerationConfig generation = GenerationConfig.read(dir);
        NDManager manager = DjlRuntime.engine().newBaseManager(device);
        try (TensorStore store = TensorStore.open(folder.weights())) {
            StoreWeights weights = new StoreWeights(store, manager, computeType);
            CausalLm model = Architectures.load(config, weights, manager, computeType);
            TextTokenizer tokenizer = folder.hasTokenizer() ? TextTokenizer.load(dir) : null;
            return new LoadedModel(folder, config, generation, model, tokenizer,
                    weights.unused());
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Reads, shape-checks and converts one tensor at a time from a TensorStore. */
    private static final class StoreWeights implements WeightSource {
        private final TensorStore store;
        private final NDManager manager;
        private final DataType computeType;
        private final Set<String> taken = new HashSet<>();

        StoreWeights(TensorStore store, NDManager manager, DataType computeType) {
            this.store = store;
            this.manager = manager;
            this.computeType = computeType;
        }

        @Override
        public boolean has(String name) {
            return store.contains(name);
        }

        @Override
        public NDArray take(String name, long... expectedShape) throws IOException {
            if (!store.contains(name)) {
                throw new IOException(store.file() + " has no tensor '" + name
                        + "', which this architecture needs");
            }
            TensorEntry entry = store.entry(name);
            if (!Arrays.equals(entry.shape(), expectedShape)) {
                throw new IOException(store.file() + ": tensor '" + name + "' has shape "
                        + Arrays.toString(entry.shape()) + " but config.json implies "
                        + Arrays.toString(expectedShape));
            }
            taken.add(name);
            return store.read(name, manager, computeType);
        }

        List<String> unused() {
            List<String> out = new ArrayList<>();
            for (String n : store.names()) {
                if (!taken.contains(n)) {
                    out.add(n);
                }
            }
            return out;
        }
    }
}
