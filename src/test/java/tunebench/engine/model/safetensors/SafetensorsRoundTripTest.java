package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;

/** Write, read into DJL, write again: bytes and values must survive exactly, for every dtype. */
class SafetensorsRoundTripTest {

    private static final long[] SHAPE = {3, 5};

    @TempDir Path dir;
    private NDManager manager;

    @BeforeEach
    void startDjl() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** Random bit patterns (NaN payloads included) for each dtype; BOOL gets 0 or 1. */
    private static ByteBuffer randomBytes(SafeDtype dtype, Random random) {
        byte[] bytes = new byte[15 * dtype.byteSize()];
        random.nextBytes(bytes);
        if (dtype == SafeDtype.BOOL) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] &= 1;
            }
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void everyDtypeRoundTripsBitIdenticalThroughDjl() throws IOException {
        Random random = new Random(42);
        Map<String, ByteBuffer> original = new LinkedHashMap<>();
        List<TensorSource> sources = new ArrayList<>();
        for (SafeDtype dtype : SafeDtype.values()) {
            ByteBuffer data = randomBytes(dtype, random);
            original.put("t." + dtype, data);
            sources.add(TensorSource.raw("t." + dtype, dtype, SHAPE, data));
        }
        Path first = dir.resolve("first.safetensors");
        SafetensorsWriter.write(first, Map.of("format", "pt"), sources);

        List<TensorSource> again = new ArrayList<>();
        try (SafetensorsReader r = SafetensorsReader.open(first)) {
            for (SafeDtype dtype : SafeDtype.values()) {
                String name = "t." + dtype;
                assertEquals(dtype, r.entry(name).dtype());
                assertArrayEquals(bytesOf(original.get(name)), bytesOf(r.readRaw(name)), name);
                NDArray array = r.read(name, manager);
                assertEquals(dtype.loadedType(), array.getDataType(), name);
                assertEquals(new Shape(SHAPE), array.getShape(), name);
                if (dtype != SafeDtype.BF16) {
                    // Values as DJL sees them are exactly the stored bytes.
                    assertArrayEquals(bytesOf(original.get(name)), bytesOf(array.toByteBuffer()), name);
                }
                again.add(dtype == SafeDtype.BF16
                        ? TensorSource.of(name, array, SafeDtype.BF16)
                        : TensorSource.of(name, array));
            }
        }
        Path second = dir.resolve("second.safetensors");
        SafetensorsWriter.write(second, Map.of("format", "pt"), again);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void bf16ReadWidensToFloat32AndWritesBackBitIdentical() throws IOException {
        // All 65536 patterns: NaNs (quiet, signalling, negative), infinities, -0.0, subnormals.
        ByteBuffer all = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 65536; i++) {
            all.putShort((short) i);
        }
        all.flip();
        Path first = dir.resolve("bf16.safetensors");
        SafetensorsWriter.write(first, Map.of(),
                List.of(TensorSource.raw("w", SafeDtype.BF16, new long[] {256, 256}, all)));

        Path second = dir.resolve("bf16-again.safetensors");
        try (SafetensorsReader r = SafetensorsReader.open(first)) {
            NDArray widened = r.read("w", manager);
            assertEquals(DataType.FLOAT32, widened.getDataType());
            float[] v = widened.toFloatArray();
            assertEquals(1.0f, v[0x3F80]);
            assertEquals(Float.POSITIVE_INFINITY, v[0x7F80]);
            assertEquals(Float.NEGATIVE_INFINITY, v[0xFF80]);
            assertEquals(0x80000000, Float.floatToRawIntBits(v[0x8000])); // -0.0
            assertEquals(Math.scalb(1f, -133), v[0x0001]); // smallest subnormal
            assertTrue(Float.isNaN(v[0x7FC0]) && Float.isNaN(v[0xFFC1]) && Float.isNaN(v[0x7F81]));
            SafetensorsWriter.write(second, Map.of(),
                    List.of(TensorSource.of("w", widened, SafeDtype.BF16)));
        }
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void float32ArrayNarrowedToBf16RoundsToNearestEven() throws IOException {
        NDArray array = manager.create(new float[] {1.00390625f, 1.01171875f, -0.0f, Float.MAX_VALUE});
        Path file = dir.resolve("narrow.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(TensorSource.of("w", array, SafeDtype.BF16)));
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            ByteBuffer raw = r.readRaw("w");
            assertEquals((short) 0x3F80, raw.getShort(0));
            assertEquals((short) 0x3F82, raw.getShort(2));
            assertEquals((short) 0x8000, raw.getShort(4));
            assertEquals((short) 0x7F80, raw.getShort(6));
        }
    }

    @Test
    void readConvertsToTheRequestedType() throws IOException {
        float[] values = {1.5f, -2.0f, 0.25f, 3.0f}; // exact in F32, F16 and BF16
        NDArray f32 = manager.create(values);
        Path file = dir.resolve("convert.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                TensorSource.of("f32", f32),
                TensorSource.of("f16", f32, SafeDtype.F16),
                TensorSource.of("bf16", f32, SafeDtype.BF16)));
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(SafeDtype.F16, r.entry("f16").dtype());
            for (String name : List.of("f32", "f16", "bf16")) {
                NDArray half = r.read(name, manager, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, half.getDataType(), name);
                assertArrayEquals(values, half.toType(DataType.FLOAT32, false).toFloatArray(), name);
                NDArray full = r.read(name, manager, DataType.FLOAT32);
                assertEquals(DataType.FLOAT32, full.getDataType(), name);
                assertArrayEquals(values, full.toFloatArray(), name);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> r.read("bf16", manager, DataType.BFLOAT16));
        }
    }

    @Test
    void readArrayOwnsItsMemorySoInPlaceOpsWork() throws IOException {
        Path file = dir.resolve("inplace.safetensors");
        SafetensorsWriter.write(file, Map.of(),
                List.of(TensorSource.of("w", manager.create(new float[] {1, 2, 3}))));
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            NDArray a = r.read("w", manager);
            a.addi(10f);
            assertArrayEquals(new float[] {11, 12, 13}, a.toFloatArray());
            // The file is untouched and a second read starts fresh.
            assertArrayEquals(new float[] {1, 2, 3}, r.read("w", manager).toFloatArray());
        }
    }

    @Test
    void metadataIsKeptInOrder() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("zeta", "1");
        metadata.put("format", "pt");
        metadata.put("alpha", "{\"nested\": \"json as text\"}");
        Path file = dir.resolve("meta.safetensors");
        SafetensorsWriter.write(file, metadata,
                List.of(TensorSource.of("w", manager.create(new int[] {7}))));
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(List.copyOf(metadata.entrySet()), List.copyOf(r.metadata().entrySet()));
        }
    }

    @Test
    void guardKeepsFatalTypesAwayFromDjl() {
        for (DataType fatal : List.of(DataType.BFLOAT16, DataType.INT16, DataType.UINT16,
                DataType.UINT32, DataType.UINT64)) {
            assertThrows(IllegalArgumentException.class, () -> SafeDtype.requireDjlSafe(fatal));
        }
        assertThrows(IllegalArgumentException.class, () -> SafeDtype.fromDjl(DataType.BFLOAT16));
        assertEquals(DataType.FLOAT32, SafeDtype.requireDjlSafe(DataType.FLOAT32));
        assertEquals(DataType.FLOAT32, SafeDtype.BF16.loadedType());
    }
}
