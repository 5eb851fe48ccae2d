package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.io.AtomicFiles;
import tunebench.engine.model.llama.LlamaLayout;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.engine.runtime.DjlRuntime;

/**
 * Writes a new checkpoint with random weights for a config, initialised as transformers'
 * {@code _init_weights} does for Llama: N(0, initializer_range) for matrices, zero biases,
 * norm weights of one. The starting point of pre-training, and of benchmarks.
 */
public final class CheckpointInitializer {

    private CheckpointInitializer() {}

    /** Writes {@code dir/config.json} and {@code dir/model.safetensors}. */
    public static Path writeRandom(Path dir, JsonNode config, long seed) throws IOException {
        ModelConfig c = ModelConfig.fromJson(config);
        Architectures.check(c, dir.resolve("config.json"));
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("config.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));
        float std = (float) config.path("initializer_range").asDouble(0.02);
        try (NDManager m = DjlRuntime.newManager()) {
            DjlRuntime.engine().setRandomSeed((int) seed);
            List<TensorSource> tensors = new ArrayList<>();
            for (Map.Entry<String, long[]> e : LlamaLayout.shapes(c).entrySet()) {
                Shape shape = new Shape(e.getValue());
                String name = e.getKey();
                NDArray a = name.endsWith("norm.weight") ? m.ones(shape)
                        : name.endsWith(".bias") ? m.zeros(shape)
                        : m.randomNormal(0f, std, shape, DataType.FLOAT32);
                tensors.add(TensorSource.of(name, a));
            }
            SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"), tensors);
        }
        return dir;
    }
}
