package tunebench.engine.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one place that starts DJL. Before the first DJL class loads it sets the offline and
 * no-telemetry switches and decides the libtorch: a CUDA 12.8 libtorch 2.7.1 when the NVIDIA
 * driver can run it and one is found ({@link CudaPlan}), else the pytorch-native-cpu jar. If
 * the CUDA libtorch then fails to start, it starts again on the CPU jar and says why.
 */
public final class DjlRuntime {

    private static volatile CudaPlan plan;
    private static volatile RuntimeStatus status;
    private static volatile Engine engine;

    private DjlRuntime() {}

    /** Sets DJL's switches and decides the libtorch; call before any other DJL use (idempotent). */
    public static void configure() {
        configure(null);
    }

    /**
     * As {@link #configure()}, also considering a libtorch folder the user saved in the
     * workbench (after PYTORCH_LIBRARY_PATH). Only the first call of the process decides.
     */
    public static synchronized void configure(Path savedLibtorch) {
        if (plan != null) {
            return;
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("RUST_FLAVOR", "cpu");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        // Keep DJL's own log quiet: the CLI prints one line per error, not DJL's banner.
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Without an NVIDIA driver DJL warns on every start that it found no GPU: not news.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        String off = LibtorchLocator.envOrProperty(CudaPlan.SWITCH);
        if (off == null) {
            off = System.getProperty("tunebench.cuda");
        }
        boolean switchedOff = off != null && (off.equalsIgnoreCase("off") || off.equalsIgnoreCase("false"));
        CudaPlan p = CudaPlan.decide(GpuProbe.probe(),
                () -> LibtorchLocator.locate(LibtorchLocator.Sources.ofThisMachine(savedLibtorch)),
                switchedOff ? off : null);
        for (Map.Entry<String, String> e : p.properties().entrySet()) {
            System.setProperty(e.getKey(), e.getValue());
        }
        plan = p;
    }

    /** The decision taken by {@link #configure}. */
    public static CudaPlan plan() {
        configure();
        return plan;
    }

    /** The PyTorch engine, started offline; on the CPU jar if the CUDA libtorch fails to start. */
    public static Engine engine() {
        Engine e = engine;
        return e != null ? e : start();
    }

    /** How the engine started (starts it if needed). */
    public static RuntimeStatus status() {
        engine();
        return status;
    }

    /**
     * How the engine started, without starting it: empty until something has used DJL. For
     * labels that must not load libtorch just to show themselves.
     */
    public static java.util.Optional<RuntimeStatus> statusIfStarted() {
        return engine == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(status);
    }

    /** The DJL device for a choice, against the GPUs the started engine sees. */
    public static Device device(DeviceChoice choice) {
        return choice.resolve(engine().getGpuCount(), status().whyNoGpu());
    }

    /**
     * A new root manager on the CPU. The caller closes it. The CPU stays explicit until the
     * model code computes on the GPU: DJL's default device would be the GPU on a CUDA start.
     */
    public static NDManager newManager() {
        return engine().newBaseManager(Device.cpu());
    }

    /** A new root manager on {@code device}. The caller closes it. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    private static synchronized Engine start() {
        if (engine != null) {
            return engine;
        }
        configure();
        Engine e;
        String note = plan.note();
        boolean cuda = plan.chosen() != null;
        try {
            e = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError failure) {
            if (!cuda) {
                throw failure;
            }
            // DJL keeps no half-started engine, so a second start reads the cleared properties
            // and extracts the CPU jar. (Unverified on a GPU machine: libraries the failed start
            // loaded stay loaded; they are libtorch 2.7.1 too, as the locator checked.)
            for (String key : plan.properties().keySet()) {
                System.clearProperty(key);
            }
            cuda = false;
            note = "CUDA libtorch in " + plan.chosen().dir() + " did not start (" + failure.getMessage()
                    + "): running on the CPU.";
            e = Engine.getEngine("PyTorch");
        }
        int gpus = e.getGpuCount();
        if (cuda && gpus == 0) {
            // The CUDA build runs CPU ops too; swapping libtorch inside a running process is not safe.
            note = "CUDA libtorch loaded from " + plan.chosen().dir() + " but it sees no GPU ("
                    + plan.driver().sentence() + "): running on the CPU.";
        }
        status = new RuntimeStatus(plan, LibUtils.getLibtorchPath(), cuda, gpus, note);
        engine = e;
        return e;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
