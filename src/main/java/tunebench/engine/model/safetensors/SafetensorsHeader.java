package tunebench.engine.model.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a safetensors file: u64 little-endian length, then that many bytes of JSON.
 * Everything is validated here, before any tensor data is allocated, so a hostile or broken
 * header costs at most its own (bounded) size. Spec: https://github.com/huggingface/safetensors
 */
record SafetensorsHeader(
        long headerLength, Map<String, String> metadata, Map<String, TensorEntry> entries) {

    /** The reference implementation refuses larger headers; so do we. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    /** Duplicate keys and trailing garbage are errors, not silently last-wins. */
    static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** Absolute file position of the first data byte. */
    long dataStart() {
        return 8 + headerLength;
    }

    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw error(file, "is " + fileSize + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, lengthBytes, 0);
        long n = lengthBytes.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw error(file, "declares a header of " + Long.toUnsignedString(n)
                    + " bytes, over the " + MAX_HEADER_BYTES + "-byte limit");
        }
        if (n > fileSize - 8) {
            throw error(file, "declares a header of " + n + " bytes but only "
                    + (fileSize - 8) + " bytes follow the length");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(file, channel, json, 8);
        JsonNode root;
        try {
            root = JSON.readTree(json.array());
        } catch (JsonProcessingException e) {
            throw error(file, "has a header that is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw error(file, "has a header that is not a JSON object");
        }
        return parse(file, n, fileSize - 8 - n, root);
    }

    private static SafetensorsHeader parse(Path file, long n, long dataSize, JsonNode root)
            throws SafetensorsException {
        Map<String, String> metadata = Map.of();
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                TensorEntry e = parseEntry(file, field.getKey(), field.getValue(), dataSize);
                entries.put(e.name(), e);
            }
        }
        checkNoOverlap(file, entries.values());
        return new SafetensorsHeader(n, metadata, Collections.unmodifiableMap(entries));
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node)
            throws SafetensorsException {
        if (!node.isObject()) {
            throw error(file, METADATA_KEY + " is not a JSON object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kv : node.properties()) {
            if (!kv.getValue().isTextual()) {
                throw error(file, METADATA_KEY + " value for key \"" + kv.getKey()
                        + "\" is not a string");
            }
            metadata.put(kv.getKey(), kv.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static TensorEntry parseEntry(Path file, String name, JsonNode node, long dataSize)
            throws SafetensorsException {
        if (!node.isObject()) {
            throw error(file, name, "is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (!ENTRY_FIELDS.contains(key)) {
                throw error(file, name, "has unknown field \"" + key + "\"");
            }
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw error(file, name, "has no \"dtype\" string");
        }
        SafeDtype dtype = SafeDtype.fromFileName(dtypeNode.textValue());
        if (dtype == null) {
            throw error(file, name, "has unknown dtype \"" + dtypeNode.textValue()
                    + "\"; supported: " + SafeDtype.supportedNames());
        }
        long[] shape = integers(file, name, node.get("shape"), "shape");
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw error(file, name, "has a negative dimension in shape " + Arrays.toString(shape));
            }
            elements = multiply(file, name, elements, d);
        }
        long[] offsets = integers(file, name, node.get("data_offsets"), "data_offsets");
        if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < 0) {
            throw error(file, name, "needs data_offsets [begin, end] of two non-negative integers, got "
                    + Arrays.toString(offsets));
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw error(file, name, "has data_offsets begin " + begin + " after end " + end);
        }
        long bytes = multiply(file, name, elements, dtype.byteSize());
        if (bytes != end - begin) {
            throw error(file, name, "has shape " + Arrays.toString(shape) + " of " + dtype
                    + " = " + bytes + " bytes, but data_offsets [" + begin + ", " + end
                    + "] hold " + (end - begin) + " bytes");
        }
        if (end > dataSize) {
            throw error(file, name, "has data_offsets [" + begin + ", " + end
                    + "] past the end of the " + dataSize + "-byte data section");
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private static long[] integers(Path file, String name, JsonNode node, String field)
            throws SafetensorsException {
        if (node == null || !node.isArray()) {
            throw error(file, name, "has no \"" + field + "\" array");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(file, name, "has a " + field + " value that is not a 64-bit integer: " + v);
            }
            values[i] = v.longValue();
        }
        return values;
    }

    private static long multiply(Path file, String name, long a, long b)
            throws SafetensorsException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw error(file, name, "has a shape whose byte size overflows 64 bits");
        }
    }

    /** Gaps between tensors are allowed by the spec; shared bytes are not. */
    private static void checkNoOverlap(Path file, Iterable<TensorEntry> entries)
            throws SafetensorsException {
        List<TensorEntry> sorted = new ArrayList<>();
        entries.forEach(e -> {
            if (e.byteSize() > 0) {
                sorted.add(e);
            }
        });
        sorted.sort(Comparator.comparingLong(TensorEntry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorEntry a = sorted.get(i - 1);
            TensorEntry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw error(file, "has overlapping tensors \"" + a.name() + "\" [" + a.begin()
                        + ", " + a.end() + ") and \"" + b.name() + "\" [" + b.begin() + ", "
                        + b.end() + ")");
            }
        }
    }

    /** Header JSON for the writer: metadata first (as Hugging Face writes it), space-padded to 8. */
    static byte[] encode(Map<String, String> metadata, List<TensorEntry> entries)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject(METADATA_KEY);
            metadata.forEach(m::put);
        }
        for (TensorEntry e : entries) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype().fileName());
            Arrays.stream(e.shape()).forEach(t.putArray("shape")::add);
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    static void readFully(Path file, FileChannel channel, ByteBuffer dst, long position)
            throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw error(file, "ended early at byte " + pos + " (was it changed while open?)");
            }
            pos += n;
        }
    }

    static SafetensorsException error(Path file, String message) {
        return new SafetensorsException(file + " " + message);
    }

    static SafetensorsException error(Path file, String tensor, String message) {
        return new SafetensorsException(file + ": tensor \"" + tensor + "\" " + message);
    }
}
