package tunebench.engine.adapter;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tunebench.engine.io.AtomicFiles;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;

/**
 * Saves an adapter exactly as PEFT's {@code save_pretrained} does, so it moves to and from the
 * Python ecosystem: adapter_config.json (keys sorted, 2-space indent, PEFT's key set) and
 * adapter_model.safetensors (float32, PEFT's names, metadata {"format": "pt"}), plus a model card.
 */
public final class PeftAdapterWriter {

    private PeftAdapterWriter() {}

    public static void write(LoraAdapter adapter, Path dir, String baseModelName) throws IOException {
        Files.createDirectories(dir);
        List<TensorSource> tensors = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : adapter.parameters().entrySet()) {
            tensors.add(TensorSource.of(e.getKey(), e.getValue()));
        }
        SafetensorsWriter.write(dir.resolve(PeftAdapterReader.WEIGHTS_FILE), Map.of("format", "pt"),
                tensors);
        AtomicFiles.writeString(dir.resolve(PeftAdapterReader.CONFIG_FILE),
                configJson(adapter.spec(), baseModelName));
        AtomicFiles.writeString(dir.resolve("README.md"), "---\nlibrary_name: \"peft\"\nbase_model: \""
                + baseModelName + "\"\n---\n\nLoRA adapter trained with Tunebench.\n");
    }

    /** PEFT 0.9's LoraConfig as save_pretrained writes it: json.dumps(indent=2, sort_keys=True). */
    static String configJson(LoraSpec spec, String baseModelName) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        ObjectNode c = json.createObjectNode();
        c.set("alpha_pattern", json.valueToTree(spec.alphaPattern()));
        c.putNull("auto_mapping");
        c.put("base_model_name_or_path", baseModelName);
        c.put("bias", "none");
        c.put("fan_in_fan_out", false);
        c.put("inference_mode", true);
        c.put("init_lora_weights", true);
        c.putNull("layers_pattern");
        c.putNull("layers_to_transform");
        c.putObject("loftq_config");
        putNumber(c, "lora_alpha", spec.alpha());
        c.put("lora_dropout", spec.dropout());
        c.putNull("megatron_config");
        c.put("megatron_core", "megatron.core");
        c.putNull("modules_to_save");
        c.put("peft_type", "LORA");
        c.put("r", spec.r());
        c.set("rank_pattern", json.valueToTree(spec.rankPattern()));
        c.putNull("revision");
        if (spec.targetModules().size() == 1 && !LoraSpec.ALL_PROJECTIONS.contains(spec.targetModules().get(0))) {
            c.put("target_modules", spec.targetModules().get(0)); // "all-linear" or a regex
        } else {
            ArrayNode t = c.putArray("target_modules");
            spec.targetModules().forEach(t::add);
        }
        c.put("task_type", "CAUSAL_LM");
        c.put("use_dora", false);
        c.put("use_rslora", spec.useRslora());
        ObjectNode sorted = json.createObjectNode();
        List<String> keys = new ArrayList<>();
        c.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        keys.forEach(k -> sorted.set(k, c.get(k)));
        return json.writer(new PythonJsonPrinter()).writeValueAsString(sorted);
    }

    /** Integers print as integers, as Python's json writes lora_alpha=16. */
    private static void putNumber(ObjectNode c, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            c.put(key, (long) v);
        } else {
            c.put(key, v);
        }
    }
}
