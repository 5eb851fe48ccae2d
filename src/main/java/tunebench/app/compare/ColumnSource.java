package tunebench.app.compare;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one column generates with: the base model alone, or the base with a LoRA adapter folder
 * (a run's final adapter, one of its checkpoints, or a folder from disk).
 *
 * @param label what the user reads: "Base model", "sft-lora (final)", "sft-lora step 200"
 * @param adapterDir the PEFT adapter folder, or null for the base model
 */
public record ColumnSource(String label, Path adapterDir) {

    public static final ColumnSource BASE = new ColumnSource("Base model", null);

    public ColumnSource {
        Objects.requireNonNull(label, "label");
        adapterDir = adapterDir == null ? null : adapterDir.toAbsolutePath().normalize();
    }

    public static ColumnSource adapter(String label, Path dir) {
        return new ColumnSource(label, Objects.requireNonNull(dir, "dir"));
    }

    public boolean isBase() {
        return adapterDir == null;
    }

    @Override
    public String toString() {
        return label;
    }
}
