package tunebench.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.app.CurrentThreadTaskRunner;
import tunebench.app.Formats;
import tunebench.engine.model.ModelInfo;
import tunebench.testing.Fixtures;

/** The Model screen's state without a JavaFX toolkit: tasks run on the test thread. */
class ModelViewModelTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private ModelViewModel vm;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        vm = newViewModel(tmp.resolve("no-assets"));
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private ModelViewModel newViewModel(Path bundledRoot) {
        return new ModelViewModel(new CurrentThreadTaskRunner(), new RecentModels(prefs, bundledRoot));
    }

    @Test
    void openingTinyLlamaShowsItsShape() {
        vm.open(Fixtures.tinyLlama());

        assertNull(vm.errorMessageProperty().get(), vm.errorReasonProperty().get());
        assertFalse(vm.busyProperty().get());
        assertEquals("tiny-llama", vm.modelNameProperty().get());
        assertEquals("LlamaForCausalLM", vm.detail(ModelDetail.ARCHITECTURE));
        assertEquals("2", vm.detail(ModelDetail.LAYERS));
        assertEquals("4 query · 2 key/value", vm.detail("Attention heads"));
        assertEquals("320", vm.detail("Vocabulary"));
        assertEquals("float32", vm.detail("Stored as"));
    }

    @Test
    void parameterCountIsTheSumOfTensorSizes() throws IOException {
        vm.open(Fixtures.tinyLlama());

        ModelInfo info = vm.infoProperty().get();
        long fromHeader = elementsInSafetensors(Fixtures.tinyLlama().resolve("model.safetensors"));
        assertEquals(fromHeader, info.parameterCount());
        assertEquals(info.config().parameterCount(), info.parameterCount());
        assertEquals(133_440, info.parameterCount());
        assertEquals(Formats.count(fromHeader), vm.detail(ModelDetail.PARAMETERS));
        assertEquals(4 * fromHeader, info.loadBytesFloat32());
    }

    @Test
    void anOpenedFolderComesFirstInRecentAndIsRemembered() {
        vm.open(Fixtures.tinyLlama());

        Path expected = Fixtures.tinyLlama().toAbsolutePath().normalize();
        assertEquals(expected, vm.recent().get(0).folder());
        assertEquals("tiny-llama", vm.recent().get(0).name());
        ModelViewModel later = newViewModel(tmp.resolve("no-assets"));
        assertEquals(expected, later.recent().get(0).folder());
    }

    @Test
    void aFolderWithoutConfigSetsAnErrorNamingTheFolder() throws IOException {
        Path bad = Files.createDirectory(tmp.resolve("holiday-photos"));

        vm.open(bad);

        assertTrue(vm.errorMessageProperty().get().contains("holiday-photos"),
                vm.errorMessageProperty().get());
        assertTrue(vm.errorReasonProperty().get().contains("config.json"),
                vm.errorReasonProperty().get());
        assertTrue(vm.errorDetailsProperty().get().contains(bad.toString()));
        assertFalse(vm.errorDetailsProperty().get().contains("\tat "), "no stack trace");
        assertNull(vm.infoProperty().get());
        assertFalse(vm.busyProperty().get());
        assertTrue(vm.recent().isEmpty(), "a failed folder is not remembered");
    }

    @Test
    void aFailedOpenKeepsTheModelThatWasOpen() {
        vm.open(Fixtures.tinyLlama());
        ModelInfo before = vm.infoProperty().get();

        vm.open(tmp.resolve("does-not-exist"));

        assertTrue(vm.errorMessageProperty().get().contains("does-not-exist"));
        assertSame(before, vm.infoProperty().get());
        vm.dismissError();
        assertNull(vm.errorMessageProperty().get());
    }

    @Test
    void aModelUnderAssetsModelsIsOfferedAsBundled() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("assets/models/smol"));
        Files.writeString(model.resolve("config.json"), "{}");

        ModelViewModel withAssets = newViewModel(tmp.resolve("assets/models"));

        RecentModel bundled = withAssets.recent().get(0);
        assertTrue(bundled.bundled());
        assertEquals("Bundled model", bundled.name());
        assertEquals(model.toAbsolutePath().normalize(), bundled.folder());
        assertNotNull(vm.recent(), "no assets folder is fine too");
        assertTrue(vm.recent().isEmpty());
    }

    /** Independent of the engine: 8-byte little-endian header length, then a JSON header. */
    private static long elementsInSafetensors(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            ByteBuffer header = ByteBuffer.allocate((int) len.getLong(0));
            ch.read(header, 8);
            JsonNode root = new ObjectMapper().readTree(
                    new String(header.array(), StandardCharsets.UTF_8));
            long total = 0;
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (!e.getKey().equals("__metadata__")) {
                    long n = 1;
                    for (JsonNode d : e.getValue().get("shape")) {
                        n *= d.asLong();
                    }
                    total += n;
                }
            }
            return total;
        }
    }
}
