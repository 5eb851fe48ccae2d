package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.safetensors.SafeDtype;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;

/**
 * Writes a model as a complete Hugging Face folder: the weights (in the dtype config.json
 * declares, sharded above 5 GB as save_pretrained does) plus the source folder's config,
 * tokenizer and generation files, so the result loads in transformers and in Tunebench.
 */
public final class CheckpointWriter {

    /** Files copied as they are from the source folder when present. */
    static final List<String> COPIED = List.of("config.json", "generation_config.json",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
            "chat_template.jinja", "tokenizer.model");

    static final long SHARD_BYTES = 5_000_000_000L;

    private CheckpointWriter() {}

    public static void write(CausalLm model, Path sourceDir, Path outDir) throws IOException {
        if (Files.isDirectory(outDir) && Files.isSameFile(outDir, sourceDir)) {
            throw new IOException("Refusing to overwrite the source model " + sourceDir
                    + "; choose another output folder");
        }
        Files.createDirectories(outDir);
        SafeDtype dtype = storedDtype(model.config().torchDtype());
        List<TensorSource> tensors = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            tensors.add(TensorSource.of(e.getKey(), e.getValue(), dtype));
            bytes += e.getValue().size() * dtype.byteSize();
        }
        Map<String, String> metadata = Map.of("format", "pt");
        if (bytes > SHARD_BYTES) {
            SafetensorsWriter.writeSharded(outDir, "model", metadata, tensors, SHARD_BYTES);
        } else {
            SafetensorsWriter.write(outDir.resolve("model.safetensors"), metadata, tensors);
        }
        for (String name : COPIED) {
            Path from = sourceDir.resolve(name);
            if (Files.isRegularFile(from)) {
                Path tmp = outDir.resolve("." + name + ".copy");
                Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, outDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The dtype to store: what config.json's torch_dtype says, float32 otherwise. */
    static SafeDtype storedDtype(String torchDtype) {
        return switch (torchDtype == null ? "" : torchDtype) {
            case "bfloat16" -> SafeDtype.BF16;
            case "float16" -> SafeDtype.F16;
            default -> SafeDtype.F32;
        };
    }
}
