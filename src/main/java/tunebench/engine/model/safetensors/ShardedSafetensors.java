package tunebench.engine.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint split over several safetensors files, as Hugging Face saves large models:
 * {@code model.safetensors.index.json} maps each tensor name to its shard file. Each shard
 * is opened once, and every mapping is checked against its shard's header on open.
 */
public final class ShardedSafetensors implements TensorStore {

    private final Path index;
    private final Map<String, String> metadata;
    private final Map<String, SafetensorsReader> shardOf;
    private final List<SafetensorsReader> shards;
    private final List<String> names;

    private ShardedSafetensors(Path index, Map<String, String> metadata,
            Map<String, SafetensorsReader> shardOf, List<SafetensorsReader> shards) {
        this.index = index;
        this.metadata = metadata;
        this.shardOf = shardOf;
        this.shards = shards;
        this.names = List.copyOf(shardOf.keySet());
    }

    /** Opens the index and all its shards; any inconsistency is a {@link SafetensorsException}. */
    public static ShardedSafetensors open(Path index) throws IOException {
        JsonNode root;
        try {
            root = SafetensorsHeader.JSON.readTree(Files.readAllBytes(index));
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(index + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("weight_map").isObject()) {
            throw new SafetensorsException(index + " has no \"weight_map\" object");
        }
        Map<String, String> metadata = readMetadata(index, root.get("metadata"));
        Map<String, SafetensorsReader> opened = new LinkedHashMap<>();
        try {
            Map<String, SafetensorsReader> shardOf = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> m : root.get("weight_map").properties()) {
                String tensor = m.getKey();
                if (!m.getValue().isTextual()) {
                    throw new SafetensorsException(index + ": weight_map entry for tensor \""
                            + tensor + "\" is not a file name");
                }
                String shardName = m.getValue().textValue();
                SafetensorsReader shard = opened.get(shardName);
                if (shard == null) {
                    shard = openShard(index, shardName, tensor);
                    opened.put(shardName, shard);
                }
                if (!shard.contains(tensor)) {
                    throw new SafetensorsException(index + " maps tensor \"" + tensor
                            + "\" to shard " + shardName + ", which does not contain it");
                }
                shardOf.put(tensor, shard);
            }
            return new ShardedSafetensors(index, metadata, Collections.unmodifiableMap(shardOf),
                    List.copyOf(opened.values()));
        } catch (IOException | RuntimeException e) {
            closeAll(opened.values(), e);
            throw e;
        }
    }

    private static SafetensorsReader openShard(Path index, String shardName, String tensor)
            throws IOException {
        Path dir = index.toAbsolutePath().getParent();
        Path shard = dir.resolve(shardName).normalize();
        // An index is data from the internet: it must not point outside its own folder.
        if (!shard.startsWith(dir) || shard.equals(dir)) {
            throw new SafetensorsException(index + ": shard \"" + shardName + "\" for tensor \""
                    + tensor + "\" lies outside the index's folder");
        }
        try {
            return SafetensorsReader.open(shard);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(index + ": shard " + shardName + " (for tensor \""
                    + tensor + "\") does not exist", e);
        }
    }

    /** Index metadata is free-form JSON (total_size is a number): scalars kept as text. */
    private static Map<String, String> readMetadata(Path index, JsonNode node)
            throws SafetensorsException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new SafetensorsException(index + ": \"metadata\" is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kv : node.properties()) {
            JsonNode v = kv.getValue();
            metadata.put(kv.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static void closeAll(Iterable<SafetensorsReader> readers, Throwable failure) {
        for (SafetensorsReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The index file. */
    @Override
    public Path file() {
        return index;
    }

    /** The shard files, each once, in first-mention order. */
    public List<Path> shardFiles() {
        List<Path> files = new ArrayList<>();
        shards.forEach(s -> files.add(s.file()));
        return files;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return shardOf.containsKey(name);
    }

    @Override
    public TensorEntry entry(String name) throws SafetensorsException {
        return shard(name).entry(name);
    }

    @Override
    public NDArray read(String name, NDManager manager) throws IOException {
        return shard(name).read(name, manager);
    }

    @Override
    public NDArray read(String name, NDManager manager, DataType target) throws IOException {
        return shard(name).read(name, manager, target);
    }

    @Override
    public ByteBuffer readRaw(String name) throws IOException {
        return shard(name).readRaw(name);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsReader s : shards) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private SafetensorsReader shard(String name) throws SafetensorsException {
        SafetensorsReader s = shardOf.get(name);
        if (s == null) {
            throw new SafetensorsException(index + ": tensor \"" + name + "\" is not in the weight_map");
        }
        return s;
    }
}
