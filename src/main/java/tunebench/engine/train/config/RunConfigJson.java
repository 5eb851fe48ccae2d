package tunebench.engine.train.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tunebench.engine.io.AtomicFiles;

/**
 * A {@link RunConfig} as JSON, with snake_case keys as in Python trainers. Every read goes
 * through one tree: the defaults, the file merged over them, then {@code --set} overrides over
 * that; so a missing key takes its default and an unknown one is refused by name.
 */
public final class RunConfigJson {

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private RunConfigJson() {}

    private static ObjectMapper newMapper() {
        JsonMapper.Builder builder = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                // "r": 8.5 must not quietly become 8, nor "lr": "fast" a parse of some kind.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // PEFT takes target_modules="all-linear" as a plain string; so do we.
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        // A null list or section is never meant: fail naming its key, not in a constructor.
        for (Class<?> type : List.of(List.class, ModelSpec.class, DataSpec.class, Method.class,
                OptimSpec.class, ScheduleSpec.class, EvalSpec.class, CheckpointSpec.class)) {
            builder.withConfigOverride(type,
                    o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL)));
        }
        return builder.build();
    }

    /** Reads a config file; errors name the file and the key. */
    public static RunConfig read(Path file) throws IOException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no run config there");
        }
        try {
            return parse(json);
        } catch (RunConfigException e) {
            throw new RunConfigException(e.key(), file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a config from JSON text; missing keys take their defaults. */
    public static RunConfig parse(String json) throws RunConfigException {
        JsonNode user = readTree(json);
        if (!user.isObject()) {
            throw new RunConfigException(null, "a run config is a JSON object {...}, got " + user);
        }
        checkSchemaVersion(user.get("schema_version"));
        ObjectNode tree = MAPPER.valueToTree(RunConfig.of(null, null, null));
        merge(tree, (ObjectNode) user, "");
        return bind(tree);
    }

    /** The resolved config with every key, as written beside each checkpoint. */
    public static String toJson(RunConfig config) {
        try {
            return WRITER.writeValueAsString(config) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a RunConfig always serializes", e);
        }
    }

    /** Writes {@link #toJson} atomically: a crash leaves the old file, never half of the new. */
    public static void write(RunConfig config, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(config));
    }

    /**
     * Applies CLI {@code --set key=value} overrides in order: dotted snake_case keys
     * ({@code optim.lr=2e-4}, {@code method.type=full}), values read as JSON when they parse and
     * as a plain string otherwise ({@code output_dir=/tmp/x}).
     */
    public static RunConfig applyOverrides(RunConfig config, List<String> sets)
            throws RunConfigException {
        ObjectNode tree = MAPPER.valueToTree(config);
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new RunConfigException(null, "--set takes key=value, got '" + set + "'");
            }
            String key = set.substring(0, eq).strip();
            String[] parts = key.split("\\.", -1);
            ConfigErrors.checkKeyExists(tree, key, parts);
            JsonNode value = parseValue(set.substring(eq + 1));
            for (int i = parts.length - 1; i >= 0; i--) {
                value = MAPPER.createObjectNode().set(parts[i], value);
            }
            merge(tree, (ObjectNode) value, "");
        }
        return bind(tree);
    }

    private static JsonNode parseValue(String raw) {
        try {
            JsonNode node = MAPPER.readTree(raw);
            return node == null || node.isMissingNode() ? TextNode.valueOf(raw) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(raw); // a path, a name: what a shell user types unquoted
        }
    }

    /** Lays {@code over} onto {@code base} key by key: objects merge, anything else replaces. */
    private static void merge(ObjectNode base, ObjectNode over, String path)
            throws RunConfigException {
        for (Map.Entry<String, JsonNode> entry : over.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            JsonNode old = base.get(name);
            if (path.isEmpty() && name.equals("method") && value.isObject()) {
                base.set(name, mergedMethod(old, (ObjectNode) value));
            } else if (old != null && old.isObject() && value.isObject()) {
                String key = path.isEmpty() ? name : path + "." + name;
                merge((ObjectNode) old, (ObjectNode) value, key);
            } else {
                base.set(name, value);
            }
        }
        // Naming a validation file without a split means "use that file", not "also split".
        if (path.equals("data") && over.has("validation") && !over.has("validation_split")) {
            JsonNode file = over.get("validation");
            String validation = file.isNull() ? null : file.asText();
            base.put("validation_split", DataSpec.defaultSplitFor(validation));
        }
    }

    /** A new method type starts from that type's defaults; the same type merges as usual. */
    private static ObjectNode mergedMethod(JsonNode old, ObjectNode over)
            throws RunConfigException {
        JsonNode type = over.get("type");
        boolean sameType = type == null || (old != null && type.equals(old.get("type")));
        ObjectNode base;
        if (sameType && old != null && old.isObject()) {
            base = (ObjectNode) old;
        } else if (type != null && !type.isTextual()) {
            throw new RunConfigException("method.type",
                    "'method.type' must be a string such as \"lora\", got " + type);
        } else {
            try {
                Method fresh = Method.defaultsFor(type == null ? LoraMethod.TYPE : type.asText());
                RunConfig holder = RunConfig.of(null, null, null).withMethod(fresh);
                base = (ObjectNode) MAPPER.valueToTree(holder).get("method");
            } catch (IllegalArgumentException e) {
                throw new RunConfigException("method.type", "'method.type': " + e.getMessage());
            }
        }
        merge(base, over, "method");
        return base;
    }

    private static RunConfig bind(ObjectNode tree) throws RunConfigException {
        try {
            return MAPPER.treeToValue(tree, RunConfig.class);
        } catch (JsonMappingException e) {
            throw ConfigErrors.explain(e, tree);
        } catch (JsonProcessingException e) {
            throw new RunConfigException(null, e.getOriginalMessage(), e);
        }
    }

    private static JsonNode readTree(String json) throws RunConfigException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new RunConfigException(null, "empty: a run config is a JSON object {...}");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage();
            if (why.startsWith("Duplicate field")) { // Jackson goes on to name its own feature flag
                why = why.replaceFirst(" for `ObjectNode`.*", "") + " (a key may appear once)";
            }
            throw new RunConfigException(null, "not valid JSON" + where + ": " + why, e);
        }
    }

    private static void checkSchemaVersion(JsonNode version) throws RunConfigException {
        String key = "schema_version";
        if (version == null) {
            return; // a hand-written config may leave it out: it means today's layout
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new RunConfigException(key,
                    "'schema_version' must be an integer, got " + version);
        }
        int v = version.intValue();
        if (v > RunConfig.SCHEMA_VERSION) {
            throw new RunConfigException(key, "this config has schema_version " + v
                    + ", from a newer Tunebench; this one reads up to " + RunConfig.SCHEMA_VERSION
                    + ". Update Tunebench, or start from a config this version wrote.");
        }
        if (v < 1) {
            throw new RunConfigException(key, "'schema_version' must be at least 1, got " + v);
        }
        // Version 1 is the only layout so far; migrations from older ones go here.
    }

    /** Python's json.dumps(indent=2) look: "key": value, one array item per line. */
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
