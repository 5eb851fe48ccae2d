package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;

/** Sharded checkpoints: write by size limit, read back through the index, reject bad indexes. */
class SafetensorsShardedTest {

    @TempDir Path dir;

    /** Five F32 tensors of 100 floats (400 bytes) each, value = tensor * 1000 + index. */
    private static List<TensorSource> fiveTensors() {
        List<TensorSource> list = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            ByteBuffer b = ByteBuffer.allocate(400).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100; i++) {
                b.putFloat(t * 1000 + i);
            }
            list.add(TensorSource.raw("layer." + t + ".weight", SafeDtype.F32, new long[] {10, 10}, b.flip()));
        }
        return list;
    }

    private List<String> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shardedWriteThenReadGivesTheSameTensors() throws IOException {
        List<TensorSource> tensors = fiveTensors();
        // 1000-byte shards: [0,1] 800 B, [2,3] 800 B, [4] 400 B.
        Path index = SafetensorsWriter.writeSharded(dir, "model", Map.of("format", "pt"), tensors, 1000);
        assertEquals(dir.resolve(TensorStore.INDEX_FILE), index);
        assertEquals(List.of("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors", "model.safetensors.index.json"), listDir());

        JsonNode json = new ObjectMapper().readTree(index.toFile());
        assertEquals(2000, json.get("metadata").get("total_size").asLong());
        assertEquals("model-00002-of-00003.safetensors",
                json.get("weight_map").get("layer.3.weight").asText());

        try (TensorStore store = TensorStore.open(dir)) {
            ShardedSafetensors sharded = assertInstanceOf(ShardedSafetensors.class, store);
            assertEquals(3, sharded.shardFiles().size());
            assertEquals(tensors.stream().map(TensorSource::name).toList(), store.names());
            assertEquals("pt", store.metadata().get("format"));
            for (TensorSource t : tensors) {
                assertEquals(t.bytes().get(), store.readRaw(t.name()), t.name());
            }
            DjlRuntime.configure();
            try (NDManager manager = DjlRuntime.newManager()) {
                float[] v = store.read("layer.4.weight", manager).toFloatArray();
                assertEquals(4000f, v[0]);
                assertEquals(4099f, v[99]);
            }
        }
        try (SafetensorsReader shard = SafetensorsReader.open(dir.resolve("model-00003-of-00003.safetensors"))) {
            assertEquals(Map.of("format", "pt"), shard.metadata());
        }
    }

    @Test
    void resavingRemovesStaleShardsAndSingleFile() throws IOException {
        SafetensorsWriter.writeSharded(dir, "model", Map.of(), fiveTensors(), 400); // 5 shards
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of(), fiveTensors());
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        SafetensorsWriter.writeSharded(dir, "model", Map.of(), fiveTensors(), 1200); // 2 shards
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                "model.safetensors.index.json", "notes.txt"), listDir());
        try (TensorStore store = TensorStore.open(dir)) {
            assertEquals(5, store.names().size());
        }
    }

    @Test
    void openPrefersSingleFileAndComplainsWhenThereIsNeither() throws IOException {
        SafetensorsException none = assertThrows(SafetensorsException.class, () -> TensorStore.open(dir));
        assertTrue(none.getMessage().contains(TensorStore.INDEX_FILE), none.getMessage());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of(), fiveTensors());
        try (TensorStore store = TensorStore.open(dir)) {
            assertInstanceOf(SafetensorsReader.class, store);
        }
    }

    @Test
    void indexNamingATensorItsShardLacksIsRejected() throws IOException {
        SafetensorsWriter.writeSharded(dir, "model", Map.of(), fiveTensors(), 1000);
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index, "{\"metadata\":{},\"weight_map\":{"
                + "\"layer.0.weight\":\"model-00001-of-00003.safetensors\","
                + "\"ghost.weight\":\"model-00002-of-00003.safetensors\"}}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ShardedSafetensors.open(index));
        String m = e.getMessage();
        assertTrue(m.contains(TensorStore.INDEX_FILE) && m.contains("model-00002-of-00003.safetensors")
                && m.contains("ghost.weight"), m);
    }

    @Test
    void indexNamingAMissingShardIsRejected() throws IOException {
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index, "{\"weight_map\":{\"w\":\"model-00009-of-00009.safetensors\"}}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ShardedSafetensors.open(index));
        assertTrue(e.getMessage().contains("model-00009-of-00009.safetensors")
                && e.getMessage().contains("\"w\""), e.getMessage());
    }

    @Test
    void indexPointingOutsideItsFolderIsRejected() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("ckpt"));
        SafetensorsWriter.write(dir.resolve("outside.safetensors"), Map.of(), fiveTensors());
        Path index = sub.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index, "{\"weight_map\":{\"layer.0.weight\":\"../outside.safetensors\"}}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ShardedSafetensors.open(index));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void unknownTensorIsNamedWithTheIndex() throws IOException {
        SafetensorsWriter.writeSharded(dir, "model", Map.of(), fiveTensors(), 1000);
        try (TensorStore store = TensorStore.open(dir)) {
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> store.readRaw("nope"));
            assertTrue(e.getMessage().contains("\"nope\"")
                    && e.getMessage().contains(TensorStore.INDEX_FILE), e.getMessage());
        }
    }
}
