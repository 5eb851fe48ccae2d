package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.CheckpointWriter;
import tunebench.engine.model.KvCache;
import tunebench.engine.model.Linear;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.engine.train.optim.MasterWeights;

/**
 * Full fine-tuning: every weight of the model trains. In FP32 the optimizer updates the
 * weights themselves; in FP16 it updates FP32 master copies, which checkpoints and the final
 * model are written from and which are cast into the FP16 weights after each step
 * (mixed-precision training, https://arxiv.org/abs/1710.03740).
 */
final class FullTrainable implements Trainable {

    private final LoadedModel model;
    private final MasterWeights masters; // null in FP32

    FullTrainable(LoadedModel model) {
        this.model = model;
        Map<String, NDArray> weights = model.model().parameters();
        weights.values().forEach(p -> p.setRequiresGradient(true));
        boolean half = weights.values().stream().anyMatch(p -> p.getDataType() == DataType.FLOAT16);
        this.masters = half ? new MasterWeights(weights) : null;
    }

    /** The FP32 masters of an FP16 run, or null (tests). */
    MasterWeights masters() {
        return masters;
    }

    /** What the optimizer updates: the FP32 masters in FP16, else the weights themselves. */
    @Override
    public Map<String, NDArray> parameters() {
        return masters != null ? masters.masters() : model.model().parameters();
    }

    @Override
    public long trainableCount() {
        return totalCount();
    }

    @Override
    public long totalCount() {
        long n = 0;
        for (NDArray p : parameters().values()) {
            n += p.size();
        }
        return n;
    }

    @Override
    public void trainMode(boolean training) {
        // the Llama family has no dropout in the base model
    }

    @Override
    public void gatherGradients() {
        if (masters != null) {
            masters.gatherGradients();
        }
    }

    @Override
    public void parametersUpdated() {
        if (masters != null) {
            masters.copyToWeights();
        }
    }

    /** The trained values in FP32: the masters when there are, so resume is exact. */
    @Override
    public void saveCheckpoint(Path dir) throws IOException {
        List<TensorSource> tensors = new ArrayList<>();
        parameters().forEach((name, p) -> tensors.add(TensorSource.of(name, p)));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"), tensors);
    }

    @Override
    public void loadCheckpoint(Path dir) throws IOException {
        try (SafetensorsReader in = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
            Trainable.restore(parameters(), in);
        }
        parametersUpdated();
    }

    /** A Hugging Face folder in config.json's dtype, from the masters in an FP16 run. */
    @Override
    public Path saveFinal(Path runDir) throws IOException {
        Path out = runDir.resolve("model");
        CausalLm weights = masters == null ? model.model() : new MasterView(model.model(), masters.masters());
        CheckpointWriter.write(weights, model.folder().dir(), out);
        return out;
    }

    @Override
    public void close() {
        if (masters != null) {
            masters.close();
        }
        model.model().parameters().values().forEach(p -> p.setRequiresGradient(false));
    }

    /**
     * The model with the masters as its weights, for {@link CheckpointWriter}, which writes a
     * model's config and parameters; it computes with the FP16 weights as the model does.
     */
    private record MasterView(CausalLm model, Map<String, NDArray> masters) implements CausalLm {

        @Override
        public Map<String, NDArray> parameters() {
            return masters;
        }

        @Override
        public ModelConfig config() {
            return model.config();
        }

        @Override
        public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
                KvCache cache, boolean lastOnly) {
            return model.forward(inputIds, attentionMask, positionIds, cache, lastOnly);
        }

        @Override
        public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
                KvCache cache, boolean lastOnly, List<NDArray> hiddenStates) {
            return model.forward(inputIds, attentionMask, positionIds, cache, lastOnly, hiddenStates);
        }

        @Override
        public NDArray forwardPacked(NDArray inputIds, NDArray positionIds, NDArray segmentIds) {
            return model.forwardPacked(inputIds, positionIds, segmentIds);
        }

        @Override
        public KvCache newCache() {
            return model.newCache();
        }

        @Override
        public Map<String, Linear> linears() {
            return model.linears();
        }

        @Override
        public NDManager manager() {
            return model.manager();
        }

        @Override
        public DataType computeType() {
            return model.computeType();
        }

        @Override
        public void close() {
            // a view: the model and the masters are their owners' to close
        }
    }
}
