package tunebench.engine.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.Linear;
import tunebench.engine.model.safetensors.SafetensorsReader;

/**
 * Loads an adapter saved by PEFT's {@code save_pretrained} (or by us): adapter_config.json and
 * adapter_model.safetensors with names like
 * {@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}. Features we do not run
 * (DoRA, bias training, modules_to_save, ...) are refused by name rather than ignored.
 */
public final class PeftAdapterReader {

    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";

    private PeftAdapterReader() {}

    /** Reads the adapter in {@code dir} onto {@code model} under {@code name} (not yet active). */
    public static LoraAdapter read(CausalLm model, String name, Path dir) throws IOException {
        LoraSpec spec = readSpec(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            if (Files.isRegularFile(dir.resolve("adapter_model.bin"))) {
                throw new IOException("Refusing " + dir.resolve("adapter_model.bin")
                        + ": it is a Python pickle, which can run code when loaded; save the adapter"
                        + " with safe_serialization=True (PEFT's default since 0.5)");
            }
            throw new IOException("No " + WEIGHTS_FILE + " in " + dir);
        }
        NDManager manager = model.manager().newSubManager();
        try (SafetensorsReader in = SafetensorsReader.open(weights)) {
            Map<String, LoraWeights> layers = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>(in.names());
            for (Map.Entry<String, Linear> e : model.linears().entrySet()) {
                String a = LoraAdapter.peftName(e.getKey(), "lora_A");
                String b = LoraAdapter.peftName(e.getKey(), "lora_B");
                if (!in.contains(a) && !in.contains(b)) {
                    continue;
                }
                Linear linear = e.getValue();
                NDArray aw = take(in, a, manager, -1, linear.inFeatures());
                long r = aw.getShape().get(0);
                NDArray bw = take(in, b, manager, linear.outFeatures(), r);
                unknown.remove(a);
                unknown.remove(b);
                layers.put(e.getKey(), new LoraWeights(aw, bw, spec.scalingFor(e.getKey()),
                        spec.dropout()));
            }
            if (!unknown.isEmpty()) {
                throw new IOException(weights + " has tensors that match no layer of this model, e.g. '"
                        + unknown.get(0) + "': the adapter was made for another architecture");
            }
            if (layers.isEmpty()) {
                throw new IOException(weights + " holds no LoRA weights");
            }
            return new LoraAdapter(name, spec, model, manager, layers);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Reads a tensor and checks its shape ({@code -1} = any). */
    private static NDArray take(SafetensorsReader in, String tensor, NDManager manager, long rows,
            long cols) throws IOException {
        if (!in.contains(tensor)) {
            throw new IOException(in.file() + " lacks '" + tensor + "' (its A/B partner is present)");
        }
        long[] shape = in.entry(tensor).shape();
        if (shape.length != 2 || (rows >= 0 && shape[0] != rows) || shape[1] != cols) {
            throw new IOException(in.file() + ": tensor '" + tensor + "' has shape "
                    + Arrays.toString(shape) + " but the model's layer needs ["
                    + (rows >= 0 ? rows : "r") + ", " + cols + "]");
        }
        return in.read(tensor, manager, DataType.FLOAT32); // PEFT keeps adapters in float32
    }

    /** The spec in adapter_config.json; unsupported PEFT options are refused with their key. */
    public static LoraSpec readSpec(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("No " + CONFIG_FILE + " in " + dir + ": not a PEFT adapter folder");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        String type = c.path("peft_type").asText("");
        if (!"LORA".equals(type)) {
            throw new IOException(file + ": peft_type is '" + type + "'; only LORA adapters are supported");
        }
        refuse(file, c, "use_dora", true, "DoRA adapters are not supported yet");
        refuse(file, c, "fan_in_fan_out", true, "fan_in_fan_out (GPT-2 Conv1D) is not supported");
        if (!"none".equals(c.path("bias").asText("none"))) {
            throw new IOException(file + ": bias '" + c.get("bias").asText() + "' is not supported (only 'none')");
        }
        if (c.hasNonNull("modules_to_save") && c.get("modules_to_save").size() > 0) {
            throw new IOException(file + ": modules_to_save " + c.get("modules_to_save")
                    + " is not supported (full copies of layers inside an adapter)");
        }
        try {
            return new LoraSpec(c.path("r").asInt(8), c.path("lora_alpha").asDouble(8),
                    c.path("lora_dropout").asDouble(0), targets(c.get("target_modules")),
                    c.path("use_rslora").asBoolean(false), intMap(c.get("rank_pattern")),
                    doubleMap(c.get("alpha_pattern")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void refuse(Path file, JsonNode c, String key, boolean value, String why)
            throws IOException {
        if (c.path(key).isBoolean() && c.get(key).asBoolean() == value) {
            throw new IOException(file + ": " + key + " is " + value + "; " + why);
        }
    }

    private static List<String> targets(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(t -> out.add(t.asText()));
        } else if (n != null && n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    private static Map<String, Integer> intMap(JsonNode n) {
        Map<String, Integer> out = new HashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        }
        return out;
    }

    private static Map<String, Double> doubleMap(JsonNode n) {
        Map<String, Double> out = new HashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        }
        return out;
    }
}
