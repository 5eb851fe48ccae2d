package tunebench.app.train;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.prefs.Preferences;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.memory.MemoryEstimate;
import tunebench.engine.train.memory.MemoryEstimator;
import tunebench.engine.train.memory.MemoryPlan;

/**
 * The form's memory estimate, twice: what this CPU build will hold (float32, everything in
 * RAM) and what the same run would need on a GPU of the size the user picks, in 16 bits.
 * Pure arithmetic on the model's config.json, which {@link ModelHeaders} has already read in
 * the background, so it is recomputed on every edit without a debounce.
 */
final class MemoryEstimates {

    /** The device sizes offered, in GB: common GPU memory sizes. */
    static final List<Integer> DEVICE_SIZES = List.of(8, 12, 16, 24, 48, 80);
    static final int DEFAULT_DEVICE_GB = 24;
    private static final String PREF = "train.memory.deviceGb";
    private static final long GB = 1_000_000_000L;

    private final Preferences prefs;
    private final IntegerProperty deviceGb = new SimpleIntegerProperty(this, "deviceGb");
    private final ReadOnlyObjectWrapper<MemoryEstimate> cpu = new ReadOnlyObjectWrapper<>(this, "cpu");
    private final ReadOnlyObjectWrapper<MemoryEstimate> gpu = new ReadOnlyObjectWrapper<>(this, "gpu");
    private final ReadOnlyStringWrapper cpuText = new ReadOnlyStringWrapper(this, "cpuText", "");
    private final ReadOnlyStringWrapper gpuText = new ReadOnlyStringWrapper(this, "gpuText", "");
    private ModelInfo info;
    private RunConfig config;
    private boolean valid;

    MemoryEstimates(Preferences prefs) {
        this.prefs = prefs;
        int saved = prefs.getInt(PREF, DEFAULT_DEVICE_GB);
        deviceGb.set(DEVICE_SIZES.contains(saved) ? saved : DEFAULT_DEVICE_GB);
        deviceGb.addListener((obs, was, now) -> {
            prefs.putInt(PREF, now.intValue());
            recompute();
        });
    }

    /**
     * Recomputes for the form as it stands.
     *
     * @param info the model's headers, or null while unknown
     * @param problems keys of the form's problems: one the estimate reads hides it
     */
    void update(ModelInfo info, RunConfig config, Set<String> problems) {
        this.info = info;
        this.config = config;
        this.valid = problems.stream().noneMatch(k -> k.startsWith("method.")
                || k.equals("schedule.batch_size") || k.equals("data.max_length"));
        recompute();
    }

    private void recompute() {
        if (info == null || !info.supported() || !valid) {
            cpu.set(null);
            gpu.set(null);
            cpuText.set(info == null ? "Shown once the model folder is read"
                    : !info.supported() ? "No estimate for this architecture"
                    : "Shown once the method, batch size and max length are valid");
            gpuText.set("");
            return;
        }
        // On the CPU paged AdamW changes nothing: host memory is the device.
        RunConfig onCpu = config.withOptim(config.optim().withPaged(false));
        MemoryEstimate here = MemoryEstimator.estimate(MemoryPlan.from(info.config(), onCpu, 4));
        MemoryEstimate there = MemoryEstimator.estimate(MemoryPlan.from(info.config(), config, 2));
        long device = deviceGb.get() * GB;
        cpu.set(here);
        gpu.set(there);
        cpuText.set("This computer (float32): needs " + MemorySection.size(here.totalBytes())
                + ramVerdict(here));
        gpuText.set("On a " + deviceGb.get() + " GB GPU in 16-bit: "
                + (there.fits(device) ? "needs " + MemorySection.size(there.totalBytes()) + ", " : "")
                + there.verdict(device));
    }

    /** Against the machine's RAM when the JVM can tell; the OS and the app need some too. */
    private static String ramVerdict(MemoryEstimate e) {
        if (!(ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os)) {
            return "";
        }
        long ram = os.getTotalMemorySize();
        return ram <= 0 ? "" : e.totalBytes() <= ram ? " of its " + MemoryEstimate.gb(ram) + " RAM"
                : ", more than the " + MemoryEstimate.gb(ram) + " of RAM";
    }

    IntegerProperty deviceGbProperty() {
        return deviceGb;
    }

    ReadOnlyObjectProperty<MemoryEstimate> cpuProperty() {
        return cpu.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<MemoryEstimate> gpuProperty() {
        return gpu.getReadOnlyProperty();
    }

    ReadOnlyStringProperty cpuTextProperty() {
        return cpuText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty gpuTextProperty() {
        return gpuText.getReadOnlyProperty();
    }
}
