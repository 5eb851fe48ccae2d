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
import tunebench.engine.quant.Codebook;
import tunebench.engine.quant.Nf4Weight;
import tunebench.engine.quant.QuantSpec;
import tunebench.engine.runtime.DjlRuntime;

/**
 * Loads a Hugging Face model folder: checks the folder and config, picks the architecture, and
 * reads the weights tensor by tensor onto the device in the compute dtype (float32, or float16
 * with BF16 narrowed in Java: DJL never holds BF16), embeddings and norms included, so the
 * full-precision model is never held twice. With a {@link QuantSpec} the
 * decoder's linear weights are quantized to NF4 as they are read, one tensor at a time, so a
 * quantized load never holds more than one full-precision weight.
 */
public final class ModelLoader {

    private ModelLoader() {}

    /** Loads on the CPU in float32. */
    public static LoadedModel load(Path dir) throws IOException {
        return load(dir, Device.cpu(), DataType.FLOAT32);
    }

    public static LoadedModel load(Path dir, Device device, DataType computeType)
            throws IOException {
        return load(dir, device, computeType, null);
    }

    /** Loads on the CPU in float32 with the base linears quantized as {@code quant} says. */
    public static LoadedModel loadQuantized(Path dir, QuantSpec quant) throws IOException {
        return load(dir, Device.cpu(), DataType.FLOAT32, quant);
    }

    /**
     * @param quant how to quantize the frozen linear weights, or null for full precision
     */
    public static LoadedModel load(Path dir, Device device, DataType computeType, QuantSpec quant)
            throws IOException {
        SafeDtype.requireDjlSafe(computeType);
        CheckpointFolder folder = CheckpointFolder.open(dir);
        ModelConfig config = ModelConfig.read(dir);
        Architectures.check(config, folder.configFile());
        GenerationConfig generation = GenerationConfig.read(dir);
        NDManager manager = DjlRuntime.engine().newBaseManager(device);
        try (TensorStore store = TensorStore.open(folder.weights())) {
            StoreWeights weights = new StoreWeights(store, manager, computeType, quant);
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
        private final QuantSpec quant;
        private Codebook codebook;
        private final Set<String> taken = new HashSet<>();

        StoreWeights(TensorStore store, NDManager manager, DataType computeType, QuantSpec quant) {
            this.store = store;
            this.manager = manager;
            this.computeType = computeType;
            this.quant = quant;
        }

        @Override
        public boolean has(String name) {
            return store.contains(name);
        }

        @Override
        public NDArray take(String name, long... expectedShape) throws IOException {
            check(name, expectedShape);
            taken.add(name);
            return store.read(name, manager, computeType);
        }

        /**
         * Reads one weight into a scratch manager in float32 (F16 and BF16 widened exactly, BF16
         * in Java), quantizes it into the model's manager and frees the float32 copy at once.
         */
        @Override
        public Nf4Weight takeQuantized(String name, long... expectedShape) throws IOException {
            if (quant == null) {
                return null;
            }
            check(name, expectedShape);
            if (codebook == null) {
                codebook = Codebook.create(manager);
            }
            try (NDManager scratch = manager.newSubManager()) {
                NDArray full = store.read(name, scratch, DataType.FLOAT32);
                Nf4Weight w = Nf4Weight.quantize(full, quant, codebook, manager);
                taken.add(name);
                return w;
            }
        }

        private void check(String name, long... expectedShape) throws IOException {
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
