package tunebench.app.gpu;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.AppTask;
import tunebench.app.TaskRunner;
import tunebench.engine.runtime.CudaDownload;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.LibtorchCandidate;
import tunebench.engine.runtime.LibtorchLocator;
import tunebench.engine.runtime.RuntimeStatus;

/**
 * The GPU dialog without controls: what the NVIDIA driver says, every CUDA libtorch found and
 * the verdict on each, what the engine uses now, a libtorch folder of the user's (checked,
 * then saved for the next start), and the consented download with progress and cancel.
 * Properties live on the FX thread; slow work goes through the task runner.
 */
public final class GpuViewModel {

    /** One libtorch folder as the dialog lists it. */
    public record CandidateRow(String source, String dir, String verdict, boolean usable) {
        static CandidateRow of(LibtorchCandidate c) {
            String verdict = c.problem() != null ? c.problem()
                    : "usable" + (c.version() != null ? " (" + c.version() + ")" : "")
                            + (c.warning() != null ? "; " + c.warning() : "");
            return new CandidateRow(c.source(), c.dir().toString(), verdict, c.usable());
        }
    }

    public enum DownloadState { IDLE, RUNNING, DONE, FAILED, CANCELLED }

    /** About what DJL's cu128 build fetches, gzipped, for the consent question. */
    public static final String DOWNLOAD_SIZE = "about 2 GB";

    private final TaskRunner runner;
    private final Executor fx;
    private final GpuSources sources;
    private final SavedLibtorch saved;

    private final ReadOnlyStringWrapper driver = new ReadOnlyStringWrapper(this, "driver", "Asking the NVIDIA driver…");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ObservableList<String> gpus = FXCollections.observableArrayList();
    private final ObservableList<CandidateRow> candidates = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper candidatesNote = new ReadOnlyStringWrapper(this, "candidatesNote", "");
    private final ReadOnlyStringWrapper now = new ReadOnlyStringWrapper(this, "now", "");
    private final ReadOnlyStringWrapper savedText = new ReadOnlyStringWrapper(this, "savedText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<DownloadState> downloadState =
            new ReadOnlyObjectWrapper<>(this, "downloadState", DownloadState.IDLE);
    private final ReadOnlyDoubleWrapper downloadProgress = new ReadOnlyDoubleWrapper(this, "downloadProgress", 0);
    private final ReadOnlyStringWrapper downloadText = new ReadOnlyStringWrapper(this, "downloadText", "");
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private GpuReport report;

    /** @param fx where progress from the download's thread is applied: Platform::runLater, or Runnable::run in tests */
    public GpuViewModel(TaskRunner runner, Executor fx, GpuSources sources, SavedLibtorch saved) {
        this.runner = runner;
        this.fx = fx;
        this.sources = sources;
        this.saved = saved;
        showSaved();
    }

    /** Asks the driver and searches for libtorch again, off the FX thread. */
    public void refresh() {
        record Found(GpuReport report, List<LibtorchCandidate> candidates) {}
        runner.submit(AppTask.of(() -> {
            GpuReport r = sources.probe().get();
            return new Found(r, sources.locate().apply(saved.load().orElse(null)));
        }).onSuccess(f -> show(f.report(), f.candidates())).onFailure(e -> {
            driver.set("Could not ask the NVIDIA driver: " + sentence(e));
        }));
        now.set(nowText());
    }

    private void show(GpuReport r, List<LibtorchCandidate> found) {
        report = r;
        driver.set(r.driverVersion() == null ? "NVIDIA driver: none found"
                : "NVIDIA driver " + r.driverVersion() + (r.problem() == null ? ": can run CUDA 12.8" : ""));
        problem.set(r.problem() == null ? "" : r.problem());
        gpus.setAll(r.gpus().stream().map(GpuReport.Gpu::describe).toList());
        candidates.setAll(found.stream().map(CandidateRow::of).toList());
        candidatesNote.set(found.isEmpty() ? "No CUDA libtorch " + LibtorchLocator.TORCH_VERSION + " ("
                + LibtorchLocator.FLAVOR + ") found: not in PYTORCH_LIBRARY_PATH, a Python torch install or DJL's"
                + " cache. Choose a folder or download it below."
                : found.stream().anyMatch(LibtorchCandidate::usable) ? "The first usable folder is used at start."
                : "None of these can be used: choose another folder or download it below.");
        now.set(nowText());
    }

    /** What runs now: the started engine, or what was decided at start while it has not. */
    String nowText() {
        var running = sources.running().get();
        if (running.isPresent()) {
            RuntimeStatus s = running.get();
            return s.cuda() && s.gpuCount() > 0
                    ? "Now: CUDA libtorch from " + s.libtorchDir() + ", " + s.gpuCount()
                            + (s.gpuCount() == 1 ? " GPU." : " GPUs.")
                    : "Now: the CPU libtorch. " + s.whyNoGpu();
        }
        CudaPlan plan = sources.plan().get();
        return plan.chosen() != null
                ? "Now: CUDA libtorch from " + plan.chosen().dir() + " (the engine starts on first use)."
                : "Now: the CPU libtorch (the engine starts on first use). " + plan.note();
    }

    /** Checks a folder the user chose; a usable one is saved for the next start. */
    public void useFolder(Path dir) {
        LibtorchCandidate c = sources.check().apply(dir);
        if (!c.usable()) {
            message.set(dir + " cannot be used: " + c.problem());
            return;
        }
        saved.save(dir);
        showSaved();
        message.set(dir + " is usable" + (c.version() != null ? " (" + c.version() + ")" : "")
                + (c.warning() != null ? "; " + c.warning() : "")
                + ". Restart Tunebench to use it: libtorch cannot be swapped in a running program.");
        refresh();
    }

    public void forgetFolder() {
        saved.forget();
        showSaved();
        message.set("The saved folder is forgotten; Tunebench searches the usual places at the next start.");
        refresh();
    }

    private void showSaved() {
        savedText.set(saved.load().map(p -> "Saved folder: " + p + " (used from the next start)")
                .orElse("No folder saved."));
    }

    /** The consent question's words: what, how much, from where, to where. */
    public String consentText() {
        String warning = report != null && !report.usable()
                ? "\n\nThis computer cannot use it yet: " + report.sentence() : "";
        return "Tunebench will download libtorch " + LibtorchLocator.TORCH_VERSION + " for CUDA 12.8 ("
                + DOWNLOAD_SIZE + ") from " + CudaDownload.DJL_BASE.getHost() + " into "
                + sources.download().target() + ". Nothing is installed unless every file arrives complete."
                + warning;
    }

    /** Starts the download; call only after the user agreed to {@link #consentText()}. */
    public void download() {
        if (downloadState.get() == DownloadState.RUNNING) {
            return;
        }
        cancelled.set(false);
        downloadState.set(DownloadState.RUNNING);
        downloadProgress.set(-1);
        downloadText.set("Connecting to " + CudaDownload.DJL_BASE.getHost() + "…");
        Relay relay = new Relay();
        runner.submit(AppTask.of(() -> sources.download().run(relay, cancelled::get))
                .onSuccess(r -> {
                    downloadState.set(DownloadState.DONE);
                    downloadProgress.set(1);
                    downloadText.set("Installed in " + r.dir() + " (" + r.sha256().size() + " files, "
                            + String.format("%.2f GB", r.bytesFetched() / 1e9)
                            + " fetched). Restart Tunebench to use it.");
                    refresh();
                })
                .onFailure(this::downloadFailed));
    }

    public void cancelDownload() {
        if (downloadState.get() == DownloadState.RUNNING) {
            cancelled.set(true);
            downloadText.set("Cancelling…");
        }
    }

    private void downloadFailed(Throwable e) {
        downloadProgress.set(0);
        if (cancelled.get() || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            downloadState.set(DownloadState.CANCELLED);
            downloadText.set("Cancelled: nothing was installed.");
            return;
        }
        downloadState.set(DownloadState.FAILED);
        downloadText.set("The download failed: " + sentence(e));
    }

    /** A failure as a sentence, the network's usual ones in words. */
    static String sentence(Throwable e) {
        String host = CudaDownload.DJL_BASE.getHost();
        if (e instanceof UnknownHostException) {
            return "cannot find " + host + " (is this computer offline?). Nothing was installed.";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + host + " (" + e.getMessage() + "). Nothing was installed.";
        }
        if (e instanceof SocketTimeoutException) {
            return host + " stopped answering. Nothing was installed; try again later.";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() + ". Nothing was installed." : m;
    }

    /** Download progress from its thread, coalesced onto the FX thread. */
    private final class Relay implements CudaDownload.Progress {
        private final AtomicReference<double[]> latest = new AtomicReference<>();
        private final AtomicBoolean pending = new AtomicBoolean();
        private volatile String file = "";
        private volatile int index;
        private volatile int count;

        @Override
        public void fileStarted(String name, int i, int n) {
            file = name;
            index = i;
            count = n;
            bytesReceived(0, -1, latest.get() == null ? 0 : (long) latest.get()[2]);
        }

        @Override
        public void bytesReceived(long fileBytes, long fileTotal, long allBytes) {
            latest.set(new double[] {fileBytes, fileTotal, allBytes});
            if (pending.compareAndSet(false, true)) {
                fx.execute(this::publish);
            }
        }

        private void publish() {
            pending.set(false);
            double[] b = latest.get();
            if (downloadState.get() != DownloadState.RUNNING || cancelled.get()) {
                return;
            }
            double within = b[1] > 0 ? b[0] / b[1] : 0;
            downloadProgress.set(count > 0 ? (index - 1 + within) / count : -1);
            downloadText.set("File " + index + " of " + count + ": " + file + " · "
                    + String.format("%,.0f MB", b[0] / 1e6) + (b[1] > 0 ? String.format(" of %,.0f MB", b[1] / 1e6) : "")
                    + " · " + String.format("%,.0f MB in all", b[2] / 1e6));
        }
    }

    public ReadOnlyStringProperty driverProperty() {
        return driver.getReadOnlyProperty();
    }

    /** Why CUDA cannot be used with this driver; empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ObservableList<String> gpus() {
        return gpus;
    }

    public ObservableList<CandidateRow> candidates() {
        return candidates;
    }

    public ReadOnlyStringProperty candidatesNoteProperty() {
        return candidatesNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nowProperty() {
        return now.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty savedTextProperty() {
        return savedText.getReadOnlyProperty();
    }

    /** The outcome of the last folder choice. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DownloadState> downloadStateProperty() {
        return downloadState.getReadOnlyProperty();
    }

    /** 0..1, -1 while unknown. */
    public ReadOnlyDoubleProperty downloadProgressProperty() {
        return downloadProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty downloadTextProperty() {
        return downloadText.getReadOnlyProperty();
    }
}
