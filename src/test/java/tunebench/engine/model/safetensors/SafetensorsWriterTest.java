package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file layout the writer produces, its streaming, and its all-or-nothing replacement. */
class SafetensorsWriterTest {

    @TempDir Path dir;

    private static TensorSource bytes(String name, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return TensorSource.raw(name, SafeDtype.U8, new long[] {values.length}, ByteBuffer.wrap(b));
    }

    private List<String> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void headerIsPaddedWithSpacesToEightBytesWithMetadataFirst() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        SafetensorsWriter.write(file, Map.of("format", "pt"), List.of(bytes("b", 1, 2, 3), bytes("a", 4)));
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8);
        assertEquals(8 + n + 4, all.length);
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[3,4]}}", header.stripTrailing());
        assertTrue(header.length() - header.stripTrailing().length() < 8);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Arrays.copyOfRange(all, all.length - 4, all.length));
    }

    @Test
    void everyHeaderLengthIsPaddedToAMultipleOfEight() throws IOException {
        // Names of 1..8 characters move the JSON length through every remainder mod 8.
        for (String name = "a"; name.length() <= 8; name += "b") {
            Path file = dir.resolve(name.length() + ".safetensors");
            SafetensorsWriter.write(file, Map.of(), List.of(bytes(name, 7)));
            byte[] all = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            assertEquals(0, n % 8, name);
            String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
            assertTrue(header.endsWith("}") || header.endsWith(" "), header);
            assertTrue(header.stripTrailing().endsWith("}"), header);
            assertTrue(header.length() - header.stripTrailing().length() < 8, header);
        }
    }

    @Test
    void emptyMetadataWritesNoMetadataKey() throws IOException {
        Path file = dir.resolve("nometa.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(bytes("a", 1)));
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertTrue(!text.contains("__metadata__"), text);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertTrue(r.metadata().isEmpty());
        }
    }

    @Test
    void bytesAreFetchedOneTensorAtATimeInOrder() throws IOException {
        List<String> events = new ArrayList<>();
        List<TensorSource> sources = new ArrayList<>();
        for (String name : List.of("x", "y", "z")) {
            sources.add(new TensorSource(name, SafeDtype.I32, new long[] {2}, () -> {
                events.add(name);
                return ByteBuffer.allocate(8);
            }));
        }
        assertTrue(events.isEmpty(), "nothing is fetched before writing");
        SafetensorsWriter.write(dir.resolve("lazy.safetensors"), Map.of(), sources);
        assertEquals(List.of("x", "y", "z"), events);
    }

    @Test
    void failedWriteLeavesPreviousFileIntactAndNoTempFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of("v", "1"), List.of(bytes("a", 1, 2), bytes("b", 3)));
        byte[] before = Files.readAllBytes(file);

        TensorSource exploding = new TensorSource("b", SafeDtype.U8, new long[] {1}, () -> {
            throw new IllegalStateException("disk full, say");
        });
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> SafetensorsWriter.write(file, Map.of("v", "2"), List.of(bytes("a", 9, 9), exploding)));
        assertTrue(e.getMessage().contains("\"b\"") && e.getMessage().contains("model.safetensors"),
                e.getMessage());
        assertTrue(e.getMessage().contains("disk full, say"), e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.safetensors"), listDir());
    }

    @Test
    void supplierWithWrongByteCountIsRejectedAndOldFileKept() throws IOException {
        Path file = dir.resolve("count.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(bytes("a", 1)));
        byte[] before = Files.readAllBytes(file);
        TensorSource wrong = TensorSource.raw("w.short", SafeDtype.F32, new long[] {4},
                ByteBuffer.allocate(12));
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> SafetensorsWriter.write(file, Map.of(), List.of(wrong)));
        assertTrue(e.getMessage().contains("w.short") && e.getMessage().contains("12")
                && e.getMessage().contains("16"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("count.safetensors"), listDir());
    }

    @Test
    void duplicateAndReservedNamesAreRejectedBeforeWriting() {
        Path file = dir.resolve("dup.safetensors");
        assertThrows(SafetensorsException.class,
                () -> SafetensorsWriter.write(file, Map.of(), List.of(bytes("a", 1), bytes("a", 2))));
        assertThrows(SafetensorsException.class,
                () -> SafetensorsWriter.write(file, Map.of(), List.of(bytes("__metadata__", 1))));
        assertTrue(Files.notExists(file));
    }

    @Test
    void rawBufferPositionIsNotConsumed() throws IOException {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {5, 6});
        TensorSource source = TensorSource.raw("a", SafeDtype.U8, new long[] {2}, data);
        SafetensorsWriter.write(dir.resolve("one.safetensors"), Map.of(), List.of(source));
        SafetensorsWriter.write(dir.resolve("two.safetensors"), Map.of(), List.of(source));
        assertEquals(0, data.position());
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.safetensors")),
                Files.readAllBytes(dir.resolve("two.safetensors")));
    }
}
