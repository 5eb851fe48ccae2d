package tunebench.engine.model.safetensors;

import tunebench.engine.io.AtomicFiles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes safetensors files the way Hugging Face does (metadata first, header space-padded to
 * 8 bytes), streaming one tensor at a time. Every file appears atomically: it is written to a
 * temporary file beside it and moved over the old one, so a failed save leaves the old intact.
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {}

    /** Writes one file, tensors in the order given. {@code metadata} may be empty. */
    public static void write(Path file, Map<String, String> metadata, List<TensorSource> tensors)
            throws IOException {
        List<TensorEntry> entries = layout(file, tensors);
        byte[] header = SafetensorsHeader.encode(metadata, entries);
        AtomicFiles.write(file, channel -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            writeFully(channel, length.putLong(0, header.length));
            writeFully(channel, ByteBuffer.wrap(header));
            for (int i = 0; i < tensors.size(); i++) {
                writeFully(channel, fetch(file, tensors.get(i), entries.get(i).byteSize()));
            }
        });
    }

    /**
     * Writes {@code prefix-0000i-of-0000n.safetensors} shards of at most {@code maxShardBytes}
     * of tensor data each (a larger tensor gets a shard of its own), then
     * {@code prefix.safetensors.index.json}. Shard files and older
     * {@code prefix.safetensors} left from an earlier save are removed afterwards, since a
     * loader would prefer the single file. Returns the index file.
     */
    public static Path writeSharded(Path dir, String prefix, Map<String, String> metadata,
            List<TensorSource> tensors, long maxShardBytes) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive: " + maxShardBytes);
        }
        if (prefix.isEmpty() || prefix.contains("/") || prefix.contains("\\")) {
            throw new IllegalArgumentException("shard prefix must be a plain file name: " + prefix);
        }
        Path index = dir.resolve(prefix + ".safetensors.index.json");
        layout(index, tensors); // all names checked before any file is touched
        List<List<TensorSource>> shards = partition(tensors, maxShardBytes);
        Map<String, String> weightMap = new LinkedHashMap<>();
        Set<String> written = new HashSet<>();
        long totalSize = 0;
        for (int i = 0; i < shards.size(); i++) {
            String shardName = shardName(prefix, i + 1, shards.size());
            write(dir.resolve(shardName), metadata, shards.get(i));
            written.add(shardName);
            for (TensorSource t : shards.get(i)) {
                weightMap.put(t.name(), shardName);
                totalSize += t.byteSize();
            }
        }
        ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
        ObjectNode meta = root.putObject("metadata");
        meta.put("total_size", totalSize);
        metadata.forEach((k, v) -> {
            if (!k.equals("total_size")) {
                meta.put(k, v);
            }
        });
        ObjectNode map = root.putObject("weight_map");
        weightMap.forEach(map::put);
        byte[] json = SafetensorsHeader.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFiles.write(index, channel -> writeFully(channel, ByteBuffer.wrap(json)));
        removeStaleShards(dir, prefix, written);
        return index;
    }

    /** Hugging Face's shard naming: five digits, one-based. */
    public static String shardName(String prefix, int shard, int count) {
        return String.format("%s-%05d-of-%05d.safetensors", prefix, shard, count);
    }

    /** Header entries with consecutive offsets, after checking the names. */
    private static List<TensorEntry> layout(Path file, List<TensorSource> tensors)
            throws SafetensorsException {
        List<TensorEntry> entries = new ArrayList<>(tensors.size());
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (TensorSource t : tensors) {
            if (t.name().equals(SafetensorsHeader.METADATA_KEY) || !seen.add(t.name())) {
                throw SafetensorsHeader.error(file, t.name(), "is a duplicate or reserved name");
            }
            long size;
            try {
                size = t.byteSize();
            } catch (ArithmeticException e) {
                throw SafetensorsHeader.error(file, t.name(), "is too large: its byte size overflows");
            }
            entries.add(new TensorEntry(t.name(), t.dtype(), t.shape(), offset, offset + size));
            offset += size;
        }
        return entries;
    }

    private static List<List<TensorSource>> partition(List<TensorSource> tensors, long max) {
        List<List<TensorSource>> shards = new ArrayList<>();
        List<TensorSource> current = new ArrayList<>();
        long size = 0;
        for (TensorSource t : tensors) {
            if (!current.isEmpty() && size + t.byteSize() > max) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.byteSize();
        }
        shards.add(current);
        return shards;
    }

    /** Fetches a tensor's bytes only now, and checks the supplier kept its promise. */
    private static ByteBuffer fetch(Path file, TensorSource t, long expected) throws IOException {
        ByteBuffer data;
        try {
            data = t.bytes().get();
        } catch (RuntimeException e) {
            throw new SafetensorsException(
                    file + ": tensor \"" + t.name() + "\" could not be produced: " + e.getMessage(), e);
        }
        if (data == null || data.remaining() != expected) {
            throw SafetensorsHeader.error(file, t.name(), "was supplied "
                    + (data == null ? "no" : data.remaining()) + " bytes, but its header declares "
                    + expected + " (" + t.dtype() + " " + Arrays.toString(t.shape()) + ")");
        }
        return data.duplicate();
    }

    /** Write to a hidden temp file beside the target, then rename over it in one step. */
    private static void writeFully(FileChannel channel, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    private static void removeStaleShards(Path dir, String prefix, Set<String> keep)
            throws IOException {
        String pattern = Pattern.quote(prefix) + "-\\d{5}-of-\\d{5}\\.safetensors";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean stale = name.equals(prefix + ".safetensors")
                        || (name.matches(pattern) && !keep.contains(name));
                if (stale) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
