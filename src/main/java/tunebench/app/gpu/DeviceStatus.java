package tunebench.app.gpu;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import tunebench.engine.runtime.ComputeDevice;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.DeviceMemory;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.RuntimeStatus;

/**
 * The compute device for the status bar and the monitor: "CPU · 16 cores · 1.2 / 64.0 GB" or
 * "NVIDIA GeForce RTX 4090 · 5.1 / 24.0 GB", sampled every two seconds off the FX thread.
 * It never starts libtorch to fill a label: until the engine runs it names the CPU and the GPU
 * the driver probe found at start.
 */
public final class DeviceStatus {

    static final long PERIOD_MS = 2_000;

    /**
     * Where readings come from (tests pass their own).
     *
     * @param running how the engine started; empty while it has not
     * @param plan what was decided at start, from the driver probe (no libtorch needed)
     * @param gpuInUse the GPU index runs compute on ("auto"), or -1 for the CPU; asked only once the engine runs
     */
    public record Sources(Supplier<Optional<RuntimeStatus>> running, Supplier<CudaPlan> plan,
            Supplier<DeviceMemory> cpu, IntFunction<DeviceMemory> gpu, Supplier<Integer> gpuInUse) {

        public static Sources ofThisMachine() {
            return new Sources(DjlRuntime::statusIfStarted, DjlRuntime::plan, DeviceMemory::cpu,
                    DeviceMemory::gpu, () -> {
                        var d = ComputeDevice.pick("device", "auto");
                        return d.isGpu() ? d.getDeviceId() : -1;
                    });
        }
    }

    /** One sample: the label, its tooltip, and the memory of the device in use. */
    public record Sample(String text, String tooltip, DeviceMemory memory) {}

    private final Sources sources;
    private final Executor fx;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", cpuName());
    private final ReadOnlyStringWrapper tooltip = new ReadOnlyStringWrapper(this, "tooltip", "");
    private final ReadOnlyObjectWrapper<DeviceMemory> memory = new ReadOnlyObjectWrapper<>(this, "memory");
    private ScheduledExecutorService timer;

    public DeviceStatus(Sources sources, Executor fx) {
        this.sources = sources;
        this.fx = fx;
    }

    /** Samples now and every two seconds on a daemon thread, until {@link #stop()}. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tunebench-device-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** Takes one sample on the calling thread and publishes it through {@code fx}. */
    public void refresh() {
        Sample s;
        try {
            s = sample();
        } catch (RuntimeException e) {
            // A failed reading must not stop the timer; the label says why.
            s = new Sample(cpuName(), "Device memory could not be read: " + e.getMessage(), null);
        }
        Sample published = s;
        fx.execute(() -> {
            text.set(published.text());
            tooltip.set(published.tooltip());
            memory.set(published.memory());
        });
    }

    /** One reading, without publishing it. */
    public Sample sample() {
        Optional<RuntimeStatus> running = sources.running().get();
        CudaPlan plan = sources.plan().get();
        GpuReport driver = plan.driver();
        String click = "\nClick for GPU setup.";
        if (running.isPresent() && running.get().cuda() && running.get().gpuCount() > 0) {
            int index = sources.gpuInUse().get();
            if (index >= 0) {
                DeviceMemory m = sources.gpu().apply(index);
                return new Sample(gpuName(driver, index) + " · " + m.usedOfTotal(),
                        "Training and generation run on GPU " + index + " (CUDA libtorch from "
                                + running.get().libtorchDir() + "). Memory is the whole device's." + click, m);
            }
        }
        DeviceMemory m = sources.cpu().get();
        String found = driver.gpus().isEmpty() ? "" : " · " + gpuName(driver, driver.gpus().get(0).index()) + " not in use";
        String why = running.map(RuntimeStatus::whyNoGpu).orElse(plan.note() != null ? plan.note()
                : "the engine has not started yet");
        return new Sample(cpuName() + " · " + m.usedOfTotal() + found,
                "Training and generation run on the CPU; memory is Tunebench's resident set of the"
                        + " computer's RAM." + (driver.gpus().isEmpty() && driver.driverVersion() == null ? ""
                        : "\nGPU: " + why) + click, m);
    }

    static String cpuName() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "CPU · " + cores + (cores == 1 ? " core" : " cores");
    }

    private static String gpuName(GpuReport driver, int index) {
        return driver.gpus().stream().filter(g -> g.index() == index).map(GpuReport.Gpu::name)
                .findFirst().orElse("GPU " + index);
    }

    /** "CPU · 16 cores · 1.2 / 64.0 GB". */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tooltipProperty() {
        return tooltip.getReadOnlyProperty();
    }

    /** The device in use's memory at the last sample; null before the first. */
    public ReadOnlyObjectProperty<DeviceMemory> memoryProperty() {
        return memory.getReadOnlyProperty();
    }
}
