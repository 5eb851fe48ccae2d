package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding adapters where training runs leave them. */
class AdapterCatalogTest {

    @TempDir
    Path runs;

    @Test
    void listsNewestRunFirstWithItsFinalAdapterThenLatestCheckpoints() throws IOException {
        adapter(runs.resolve("old/adapter"));
        adapter(runs.resolve("new/adapter"));
        adapter(runs.resolve("new/checkpoints/step-50/adapter"));
        adapter(runs.resolve("new/checkpoints/step-200/adapter"));
        Files.createDirectories(runs.resolve("full/model")); // full fine-tuning: no adapter
        Files.createDirectories(runs.resolve("new/checkpoints/.step-300.tmp/adapter")); // half written
        Files.setLastModifiedTime(runs.resolve("old"), FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(runs.resolve("new"), FileTime.fromMillis(2_000));

        List<String> labels = AdapterCatalog.scan(runs).stream().map(ColumnSource::label).toList();

        assertEquals(List.of("new (final)", "new step 200", "new step 50", "old (final)"), labels);
    }

    @Test
    void aFolderFromDiskIsNamedLikeTheRunItBelongsTo() throws IOException {
        Path ckpt = adapter(runs.resolve("sft/checkpoints/step-100/adapter"));
        Path mine = adapter(runs.resolve("downloads/my-adapter"));

        assertEquals("sft step 100", AdapterCatalog.fromFolder(ckpt).label());
        assertEquals("my-adapter", AdapterCatalog.fromFolder(mine).label());
        assertEquals(mine.toAbsolutePath().normalize(), AdapterCatalog.fromFolder(mine).adapterDir());
        IOException e = assertThrows(IOException.class,
                () -> AdapterCatalog.fromFolder(Files.createDirectories(runs.resolve("photos"))));
        assertEquals(true, e.getMessage().contains("not a LoRA adapter folder"), e.getMessage());
    }

    @Test
    void noRunsFolderListsNothing() throws IOException {
        assertEquals(List.of(), AdapterCatalog.scan(runs.resolve("missing")));
    }

    private static Path adapter(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        return dir;
    }
}
