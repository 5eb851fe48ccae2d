package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.CheckpointWriter;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;

/** Full fine-tuning: every weight of the model trains. */
final class FullTrainable implements Trainable {

    private final LoadedModel model;

    FullTrainable(LoadedModel model) {
        this.model = model;
        model.model().parameters().values().forEach(p -> p.setRequiresGradient(true));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return model.model().parameters();
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
    }

    @Override
    public Path saveFinal(Path runDir) throws IOException {
        Path out = runDir.resolve("model");
        CheckpointWriter.write(model.model(), model.folder().dir(), out);
        return out;
    }

    @Override
    public void close() {
        parameters().values().forEach(p -> p.setRequiresGradient(false));
    }
}
