package tunebench.app.compare;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.runtime.ComputeDevice;

/**
 * The base model and the adapters the Compare screen has loaded, kept between comparisons:
 * the base once, each adapter attached to it under its own name, and one made active per
 * column (switching is free; nothing reloads). Used only from the comparison's worker thread,
 * one comparison at a time, so it needs no locking. An adapter folder rewritten on disk (a run
 * trained again under the same name) is read again.
 */
final class ModelCache implements AutoCloseable {

    /** Adapters kept beyond this are dropped, least recently used first (4 columns fit). */
    static final int MAX_ADAPTERS = 8;

    private record Entry(LoraAdapter adapter, FileTime written) {}

    private Path baseDir;
    private Device baseDevice;
    private volatile String device = "auto";
    private LoadedModel base;
    private final LinkedHashMap<Path, Entry> adapters = new LinkedHashMap<>(16, 0.75f, true);
    private int loadedCount;

    /**
     * The workbench's device ("auto", "cpu", "gpu:N": the Train form's model.device), set on
     * the FX thread before a comparison; the next base load goes there.
     */
    void device(String text) {
        device = text == null || text.isBlank() ? "auto" : text;
    }

    /** The model in {@code dir}, loaded unless it is the one already held (which is then kept). */
    LoadedModel base(Path dir, Consumer<String> status) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        Device target = target(status);
        if (base != null && d.equals(baseDir) && target.equals(baseDevice)) {
            return base;
        }
        close();
        status.accept("Loading " + d.getFileName() + (target.isGpu() ? " on GPU " + target.getDeviceId() : "") + "…");
        // The CPU keeps the loader's own default (float32 there); a GPU gets float32 too until
        // the model code says otherwise.
        base = target.isGpu() ? ModelLoader.load(d, target, DataType.FLOAT32) : ModelLoader.load(d);
        baseDir = d;
        baseDevice = target;
        return base;
    }

    /** The device the run would use; the CPU, said so, when that device cannot be had. */
    private Device target(Consumer<String> status) {
        try {
            return ComputeDevice.pick("model.device", device);
        } catch (IllegalArgumentException e) {
            status.accept("Comparing on the CPU: " + e.getMessage());
            return Device.cpu();
        }
    }

    /** Reads the source's adapter onto the base unless it is held and unchanged on disk. */
    void load(ColumnSource source, Consumer<String> status) throws IOException {
        if (source.isBase()) {
            return;
        }
        requireBase();
        FileTime written = written(source.adapterDir());
        Entry held = adapters.get(source.adapterDir());
        if (held != null && held.written().equals(written)) {
            return;
        }
        if (held != null) {
            adapters.remove(source.adapterDir()).adapter().close();
        }
        status.accept("Loading adapter " + source.label() + "…");
        LoraAdapter adapter;
        try {
            adapter = PeftAdapterReader.read(base.model(), "compare-" + (++loadedCount),
                    source.adapterDir());
        } catch (IOException | RuntimeException e) {
            throw new IOException("Could not load the adapter “" + source.label() + "” onto "
                    + baseDir.getFileName() + ": " + e.getMessage(), e);
        }
        adapters.put(source.adapterDir(), new Entry(adapter, written));
        evict();
    }

    /** Makes forward passes use this column's model: the base alone or base + its adapter. */
    void use(ColumnSource source, Consumer<String> status) throws IOException {
        requireBase();
        if (source.isBase()) {
            LoraAdapter.deactivateAll(base.model());
            return;
        }
        load(source, status);
        adapters.get(source.adapterDir()).adapter().activate(false);
    }

    private void evict() {
        Iterator<Map.Entry<Path, Entry>> it = adapters.entrySet().iterator();
        while (adapters.size() > MAX_ADAPTERS && it.hasNext()) {
            it.next().getValue().adapter().close();
            it.remove();
        }
    }

    private void requireBase() {
        if (base == null) {
            throw new IllegalStateException("no base model loaded");
        }
    }

    private static FileTime written(Path adapterDir) throws IOException {
        Path weights = adapterDir.resolve(PeftAdapterReader.WEIGHTS_FILE);
        return Files.exists(weights) ? Files.getLastModifiedTime(weights) : FileTime.fromMillis(0);
    }

    /** Frees the base and every adapter (adapters first: they live in the base's manager). */
    @Override
    public void close() {
        adapters.values().forEach(e -> e.adapter().close());
        adapters.clear();
        if (base != null) {
            base.close();
        }
        base = null;
        baseDir = null;
        baseDevice = null;
    }
}
