package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.adapter.PeftAdapterWriter;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.train.config.LoraMethod;

/**
 * LoRA: base weights frozen, only the adapter's A and B matrices train. QLoRA is the same with
 * a base loaded as NF4; the adapter, its checkpoints and its PEFT files do not change.
 */
final class LoraTrainable implements Trainable {

    static final String ADAPTER_NAME = "default";

    private final LoadedModel model;
    private final LoraAdapter adapter;
    private final String baseName;

    private LoraTrainable(LoadedModel model, LoraAdapter adapter) {
        this.model = model;
        this.adapter = adapter;
        this.baseName = model.folder().dir().toAbsolutePath().normalize().toString();
        adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
        adapter.activate(true);
    }

    /** A fresh adapter, or the one in {@code initAdapter} to keep training. */
    static LoraTrainable create(LoadedModel model, LoraMethod m, long seed) throws IOException {
        LoraAdapter adapter = m.initAdapter() != null
                ? PeftAdapterReader.read(model.model(), ADAPTER_NAME, Path.of(m.initAdapter()))
                : LoraAdapter.create(model.model(), ADAPTER_NAME,
                        LoraSpec.of(m.r(), m.alpha(), m.dropout(), m.targetModules(), m.useRslora()),
                        seed);
        return new LoraTrainable(model, adapter);
    }

    /** The adapter being trained (DPO switches it off and on for its reference). */
    LoraAdapter adapter() {
        return adapter;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return adapter.parameters();
    }

    @Override
    public long trainableCount() {
        return adapter.parameterCount();
    }

    @Override
    public long totalCount() {
        // parameterCount includes NF4 weights, which a QLoRA base holds outside parameters()
        return model.model().parameterCount() + adapter.parameterCount();
    }

    @Override
    public void trainMode(boolean training) {
        adapter.activate(training);
    }

    @Override
    public void saveCheckpoint(Path dir) throws IOException {
        PeftAdapterWriter.write(adapter, dir.resolve("adapter"), baseName);
    }

    @Override
    public void loadCheckpoint(Path dir) throws IOException {
        try (SafetensorsReader in = SafetensorsReader.open(
                dir.resolve("adapter").resolve(PeftAdapterReader.WEIGHTS_FILE))) {
            Trainable.restore(adapter.parameters(), in);
        }
    }

    @Override
    public Path saveFinal(Path runDir) throws IOException {
        Path out = runDir.resolve("adapter");
        PeftAdapterWriter.write(adapter, out, baseName);
        return out;
    }

    @Override
    public void close() {
        adapter.close();
    }
}
