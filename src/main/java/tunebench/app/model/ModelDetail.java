package tunebench.app.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tunebench.app.Formats;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.ModelInfo;

/**
 * One row of the model details grid: what it is, its value, and a short note that makes the
 * value readable to someone who has not memorised config.json.
 */
public record ModelDetail(String label, String value, String note) {

    public static final String ARCHITECTURE = "Architecture";
    public static final String LAYERS = "Layers";
    public static final String PARAMETERS = "Parameters";

    /** The rows for one inspected model, in reading order. */
    public static List<ModelDetail> of(ModelInfo info) {
        ModelConfig c = info.config();
        List<ModelDetail> rows = new ArrayList<>();
        rows.add(new ModelDetail(ARCHITECTURE,
                c.architecture().isEmpty() ? "not stated in config.json" : c.architecture(),
                info.supported() ? "supported" : "not supported by Tunebench yet"));
        rows.add(new ModelDetail(LAYERS, Integer.toString(c.numHiddenLayers()), "decoder blocks"));
        rows.add(new ModelDetail("Hidden size", Integer.toString(c.hiddenSize()),
                "MLP width " + c.intermediateSize()));
        rows.add(new ModelDetail("Attention heads",
                c.numAttentionHeads() + " query · " + c.numKeyValueHeads() + " key/value",
                headsNote(c)));
        rows.add(new ModelDetail("Vocabulary", Formats.exact(c.vocabSize()), "tokens"));
        rows.add(new ModelDetail(PARAMETERS, Formats.count(info.parameterCount()),
                Formats.exact(info.parameterCount()) + " weights in " + info.tensorCount()
                        + " tensors"));
        rows.add(new ModelDetail("Stored as", dtypes(info.parametersByDtype()),
                "number format in the safetensors files"));
        rows.add(new ModelDetail("Size on disk", Formats.bytes(info.folder().bytesOnDisk()),
                info.folder().sharded() ? "all weight shards" : "model.safetensors"));
        rows.add(new ModelDetail("Memory to load", Formats.bytes(info.loadBytesFloat32()),
                "as float32 for CPU; " + Formats.bytes(info.loadBytesFloat16()) + " as float16"));
        return rows;
    }

    private static String headsNote(ModelConfig c) {
        if (c.numKeyValueHeads() == c.numAttentionHeads()) {
            return "multi-head attention";
        }
        return c.numKeyValueHeads() == 1 ? "multi-query attention" : "grouped-query attention";
    }

    /** {F32=n} -> "float32"; a mix lists the biggest share first: "bfloat16 (99.8%), float32". */
    static String dtypes(Map<String, Long> byDtype) {
        if (byDtype.isEmpty()) {
            return "no tensors";
        }
        long total = byDtype.values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<String, Long>> entries = new ArrayList<>(byDtype.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        if (entries.size() == 1) {
            return friendly(entries.get(0).getKey());
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = friendly(entries.get(i).getKey());
            parts.add(i > 0 ? name : String.format(Locale.ROOT, "%s (%.1f%%)", name,
                    100.0 * entries.get(i).getValue() / total));
        }
        return String.join(", ", parts);
    }

    private static String friendly(String safetensorsName) {
        return switch (safetensorsName) {
            case "F32" -> "float32";
            case "F16" -> "float16";
            case "BF16" -> "bfloat16";
            case "F64" -> "float64";
            default -> safetensorsName.toLowerCase(Locale.ROOT);
        };
    }
}
