package tunebench.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one place that starts DJL. It sets the offline and no-telemetry switches before the
 * first DJL class loads, so nothing is fetched at run time and the CPU libtorch comes from
 * the pytorch-native-cpu jar.
 */
public final class DjlRuntime {

    private static volatile boolean started;

    private DjlRuntime() {}

    /** Sets DJL's offline switches; call before any other DJL use (idempotent). */
    public static synchronized void configure() {
        if (started) {
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
        started = true;
    }

    /** The PyTorch engine, started offline. */
    public static Engine engine() {
        configure();
        return Engine.getEngine("PyTorch");
    }

    /** A new root manager on the engine's default device. The caller closes it. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
