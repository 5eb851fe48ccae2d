package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-crafted broken files: each must fail on open with a {@link SafetensorsException} naming
 * the file and the tensor, before any tensor data is allocated.
 */
class SafetensorsHeaderValidationTest {

    @TempDir Path dir;

    /** A file with the given header length field, header text and zeroed data section. */
    private Path craft(String name, long declaredLength, String json, int dataBytes)
            throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    private Path craft(String name, String json, int dataBytes) throws IOException {
        return craft(name, json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
    }

    /** Asserts open fails naming the file and every fragment; returns the message. */
    private static String assertRejected(Path file, String... fragments) {
        SafetensorsException e =
                assertThrows(SafetensorsException.class, () -> SafetensorsReader.open(file).close());
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), message);
        for (String f : fragments) {
            assertTrue(message.contains(f), "expected \"" + f + "\" in: " + message);
        }
        return message;
    }

    @Test
    void rejectsFileShorterThanTheLengthField() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        assertRejected(file, "5 bytes");
    }

    @Test
    void rejectsHeaderLengthPastEndOfFile() throws IOException {
        assertRejected(craft("past.safetensors", 1000, "{}", 0), "1000");
    }

    @Test
    void rejectsAbsurdHeaderLengthWithoutAllocatingIt() throws IOException {
        assertRejected(craft("huge.safetensors", 200_000_000L, "{}", 0), "200000000", "limit");
        // -1 as a signed long is 2^64-1 as the spec's u64.
        assertRejected(craft("u64max.safetensors", -1L, "{}", 0), "18446744073709551615");
    }

    @Test
    void rejectsHeaderThatIsNotJson() throws IOException {
        assertRejected(craft("garbage.safetensors", "{\"a\": {\"dtype\": ", 0), "not valid JSON");
        assertRejected(craft("trailing.safetensors", "{} {}", 0), "not valid JSON");
        assertRejected(craft("empty.safetensors", "", 0), "not a JSON object");
    }

    @Test
    void rejectsHeaderThatIsNotAnObject() throws IOException {
        assertRejected(craft("array.safetensors", "[1, 2]", 0), "not a JSON object");
    }

    @Test
    void rejectsDuplicateTensorNames() throws IOException {
        String t = "{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}";
        assertRejected(craft("dup.safetensors", "{\"w\":" + t + ",\"w\":" + t + "}", 1), "w");
    }

    @Test
    void rejectsUnknownDtypeNamingItAndTheSupportedOnes() throws IOException {
        Path file = craft("fp8.safetensors",
                "{\"w.fp8\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        assertRejected(file, "w.fp8", "F8_E4M3", "F32, F16, BF16, I8, U8, I32, I64, BOOL, F64");
    }

    @Test
    void rejectsNegativeDimension() throws IOException {
        Path file = craft("neg.safetensors",
                "{\"w.neg\":{\"dtype\":\"F32\",\"shape\":[-1,4],\"data_offsets\":[0,16]}}", 16);
        assertRejected(file, "w.neg", "negative dimension");
    }

    @Test
    void rejectsShapeThatDisagreesWithByteCount() throws IOException {
        Path file = craft("size.safetensors",
                "{\"w.size\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24);
        assertRejected(file, "w.size", "24 bytes", "hold 20 bytes");
    }

    @Test
    void rejectsTrillionElementTensorWithoutAllocating() throws IOException {
        // Offsets disagreeing with the shape, and offsets agreeing but past the file's end:
        // both must fail fast on the header alone (4 TB could never be allocated).
        Path mismatch = craft("trillion.safetensors",
                "{\"big\":{\"dtype\":\"F32\",\"shape\":[1000000000000],\"data_offsets\":[0,16]}}", 16);
        Path pastEnd = craft("trillion2.safetensors",
                "{\"big\":{\"dtype\":\"F32\",\"shape\":[1000000000000],"
                        + "\"data_offsets\":[0,4000000000000]}}", 16);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertRejected(mismatch, "big", "4000000000000 bytes");
            assertRejected(pastEnd, "big", "past the end");
        });
    }

    @Test
    void rejectsByteSizeOverflow() throws IOException {
        Path file = craft("overflow.safetensors", "{\"w.ovf\":{\"dtype\":\"F64\","
                + "\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8);
        assertRejected(file, "w.ovf", "overflows");
    }

    @Test
    void rejectsBeginAfterEnd() throws IOException {
        Path file = craft("order.safetensors",
                "{\"w.rev\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8);
        assertRejected(file, "w.rev", "begin 8 after end 4");
    }

    @Test
    void rejectsOffsetsPastDataSection() throws IOException {
        Path file = craft("range.safetensors",
                "{\"w.out\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertRejected(file, "w.out", "past the end", "8-byte data section");
    }

    @Test
    void rejectsMalformedOffsets() throws IOException {
        assertRejected(craft("three.safetensors",
                "{\"w.3\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 2), "w.3");
        assertRejected(craft("negoff.safetensors",
                "{\"w.n\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[-1,-1]}}", 2), "w.n");
        assertRejected(craft("float.safetensors",
                "{\"w.f\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,1]}}", 2), "w.f");
        assertRejected(craft("nodt.safetensors",
                "{\"w.d\":{\"shape\":[1],\"data_offsets\":[0,1]}}", 2), "w.d", "dtype");
        assertRejected(craft("extra.safetensors",
                "{\"w.x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", 2),
                "w.x", "\"x\"");
    }

    @Test
    void rejectsOverlappingTensorsNamingBoth() throws IOException {
        Path file = craft("overlap.safetensors", "{"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"second\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24);
        assertRejected(file, "first", "second", "overlapping");
    }

    @Test
    void rejectsMetadataThatIsNotAStringMap() throws IOException {
        assertRejected(craft("meta1.safetensors", "{\"__metadata__\":{\"epoch\":3}}", 0), "epoch");
        assertRejected(craft("meta2.safetensors", "{\"__metadata__\":[\"a\"]}", 0), "__metadata__");
    }

    @Test
    void acceptsGapsAndEmptyTensorsAndReadsAroundThem() throws IOException {
        String json = "{\"__metadata__\":{\"z\":\"1\",\"a\":\"2\"},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[1,1]}}";
        Path file = craft("gaps.safetensors", json, 10);
        byte[] bytes = Files.readAllBytes(file);
        int data = bytes.length - 10;
        bytes[data] = 11;
        bytes[data + 1] = 12;
        bytes[data + 6] = 21;
        bytes[data + 7] = 22;
        Files.write(file, bytes);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(List.of("b", "a", "empty"), r.names());
            assertEquals(List.of("z", "a"), List.copyOf(r.metadata().keySet()));
            assertArrayEquals(new byte[] {21, 22}, toArray(r.readRaw("b")));
            assertArrayEquals(new byte[] {11, 12}, toArray(r.readRaw("a")));
            assertEquals(0, r.readRaw("empty").remaining());
        }
    }

    @Test
    void unknownTensorNameIsNamedWithTheFile() throws IOException {
        Path file = craft("names.safetensors", "{}", 0);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> r.readRaw("ghost"));
            assertTrue(e.getMessage().contains("names.safetensors"), e.getMessage());
            assertTrue(e.getMessage().contains("\"ghost\""), e.getMessage());
        }
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
