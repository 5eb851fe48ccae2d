package tunebench.app.gpu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import tunebench.engine.runtime.CudaDownload;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.runtime.GpuProbe;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.LibtorchCandidate;
import tunebench.engine.runtime.LibtorchLocator;
import tunebench.engine.runtime.RuntimeStatus;

/**
 * Where the GPU dialog gets its facts, so tests can hand it any machine: the driver probe,
 * the libtorch search (given the saved folder), the check of one folder, how the engine runs
 * now, and the download.
 *
 * @param probe asks the NVIDIA driver (nvidia-smi: may take seconds; called off the FX thread)
 * @param locate every CUDA libtorch candidate, the saved folder (or null) included
 * @param check the verdict on one folder the user picked
 * @param plan what was decided at start (which libtorch), known before the engine starts
 * @param running how the engine started, empty while it has not (never starts it)
 * @param download the consented download of DJL's CUDA build
 */
public record GpuSources(Supplier<GpuReport> probe, Function<Path, List<LibtorchCandidate>> locate,
        Function<Path, LibtorchCandidate> check, Supplier<CudaPlan> plan, Supplier<Optional<RuntimeStatus>> running,
        Download download) {

    /** The download, as the dialog needs it. */
    public interface Download {
        /** Where the files go (DJL's cache folder for this machine). */
        Path target();

        /** Runs with the user's consent already given; throws with a sentence on failure. */
        CudaDownload.Result run(CudaDownload.Progress progress, BooleanSupplier cancelled) throws IOException;
    }

    /** This machine. */
    public static GpuSources ofThisMachine() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        CudaDownload cuda = CudaDownload.forThisMachine();
        return new GpuSources(GpuProbe::probe,
                saved -> LibtorchLocator.locate(LibtorchLocator.Sources.ofThisMachine(saved)),
                dir -> LibtorchLocator.check("chosen folder", dir, windows),
                DjlRuntime::plan, DjlRuntime::statusIfStarted,
                new Download() {
                    @Override
                    public Path target() {
                        return cuda.targetDir();
                    }

                    @Override
                    public CudaDownload.Result run(CudaDownload.Progress progress, BooleanSupplier cancelled)
                            throws IOException {
                        return cuda.run(true, java.util.Map.of(), progress, cancelled);
                    }
                });
    }
}
