package tunebench.app.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.app.CurrentThreadTaskRunner;
import tunebench.app.gpu.GpuViewModel.DownloadState;
import tunebench.engine.runtime.CudaDownload;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.GpuProbe;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.LibtorchCandidate;
import tunebench.engine.runtime.RuntimeStatus;

/** The GPU dialog's view-model on made-up machines: no toolkit, no driver, no network. */
class GpuViewModelTest {

    private static final GpuReport NO_DRIVER = GpuProbe.fromOutputs(Optional.empty(), Optional.empty(),
            "not on PATH", false);
    private static final GpuReport OLD_DRIVER = GpuProbe.fromOutputs(Optional.empty(),
            Optional.of("0, NVIDIA GeForce RTX 3090, 24576, 535.104.05\n"), "", false);
    private static final GpuReport GOOD_DRIVER = GpuProbe.fromOutputs(Optional.empty(),
            Optional.of("0, NVIDIA GeForce RTX 4090, 24564, 570.133.07\n"), "", false);
    private static final Path LIB = Path.of("/opt/torch/lib");
    private static final LibtorchCandidate USABLE = new LibtorchCandidate("Python torch", LIB, "2.7.1+cu128",
            null, null);
    private static final LibtorchCandidate WRONG = new LibtorchCandidate("PYTORCH_LIBRARY_PATH",
            Path.of("/old/torch/lib"), "2.4.0+cu121", "libtorch 2.4.0+cu121, but DJL 0.36 needs 2.7.1", null);

    private Preferences prefs;
    private SavedLibtorch saved;
    private final List<Path> locatedWith = new ArrayList<>();
    private FakeDownload download;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        saved = new SavedLibtorch(prefs);
        download = new FakeDownload();
    }

    @AfterEach
    void tearDown() throws Exception {
        prefs.removeNode();
    }

    private GpuViewModel vm(GpuReport report, List<LibtorchCandidate> found, Optional<RuntimeStatus> running) {
        CudaPlan plan = CudaPlan.decide(report, () -> found, null);
        GpuSources sources = new GpuSources(() -> report, savedDir -> {
            locatedWith.add(savedDir);
            return found;
        }, dir -> dir.equals(LIB) ? USABLE : new LibtorchCandidate("chosen folder", dir, null,
                "no libtorch_cuda.so in " + dir, null), () -> plan, () -> running, download);
        GpuViewModel vm = new GpuViewModel(new CurrentThreadTaskRunner(), Runnable::run, sources, saved);
        vm.refresh();
        return vm;
    }

    @Test
    void noDriverSaysSoAndTheCpuIsUsed() {
        GpuViewModel vm = vm(NO_DRIVER, List.of(), Optional.empty());
        assertEquals("NVIDIA driver: none found", vm.driverProperty().get());
        assertTrue(vm.problemProperty().get().contains("runs on the CPU"), vm.problemProperty().get());
        assertTrue(vm.gpus().isEmpty());
        assertTrue(vm.candidatesNoteProperty().get().startsWith("No CUDA libtorch 2.7.1"));
        assertTrue(vm.nowProperty().get().startsWith("Now: the CPU libtorch"), vm.nowProperty().get());
        assertTrue(vm.consentText().contains("This computer cannot use it yet: No NVIDIA driver found"),
                vm.consentText());
    }

    @Test
    void oldDriverNamesTheVersionNeeded() {
        GpuViewModel vm = vm(OLD_DRIVER, List.of(), Optional.empty());
        assertEquals("NVIDIA driver 535.104.05", vm.driverProperty().get());
        assertTrue(vm.problemProperty().get().contains("too old for CUDA 12.8, which needs 570.26"),
                vm.problemProperty().get());
        assertEquals(List.of("GPU 0: NVIDIA GeForce RTX 3090 (24.0 GiB)"), vm.gpus());
    }

    @Test
    void goodDriverWithUsableLibtorchListsEveryCandidateAndItsVerdict() {
        GpuViewModel vm = vm(GOOD_DRIVER, List.of(WRONG, USABLE), Optional.empty());
        assertEquals("NVIDIA driver 570.133.07: can run CUDA 12.8", vm.driverProperty().get());
        assertEquals("", vm.problemProperty().get());
        assertEquals(2, vm.candidates().size());
        assertFalse(vm.candidates().get(0).usable());
        assertTrue(vm.candidates().get(0).verdict().contains("needs 2.7.1"));
        assertEquals("usable (2.7.1+cu128)", vm.candidates().get(1).verdict());
        assertEquals("Now: CUDA libtorch from /opt/torch/lib (the engine starts on first use).", vm.nowProperty().get());
        assertFalse(vm.consentText().contains("cannot use it yet"));
    }

    @Test
    void startedEngineIsWhatNowReports() {
        CudaPlan plan = CudaPlan.decide(GOOD_DRIVER, () -> List.of(USABLE), null);
        RuntimeStatus cuda = new RuntimeStatus(plan, "/opt/torch/lib", true, 1, null);
        assertEquals("Now: CUDA libtorch from /opt/torch/lib, 1 GPU.",
                vm(GOOD_DRIVER, List.of(USABLE), Optional.of(cuda)).nowProperty().get());
    }

    @Test
    void aUsableFolderIsSavedForTheNextStartAndAnUnusableOneIsNot() {
        GpuViewModel vm = vm(GOOD_DRIVER, List.of(), Optional.empty());
        vm.useFolder(Path.of("/home/me/photos"));
        assertTrue(vm.messageProperty().get().contains("cannot be used: no libtorch_cuda.so"));
        assertTrue(saved.load().isEmpty());

        vm.useFolder(LIB);
        assertEquals(Optional.of(LIB), saved.load());
        assertTrue(vm.messageProperty().get().contains("Restart Tunebench to use it"), vm.messageProperty().get());
        assertTrue(vm.savedTextProperty().get().contains(LIB.toString()));
        assertEquals(LIB, locatedWith.get(locatedWith.size() - 1), "the search includes the saved folder");

        vm.forgetFolder();
        assertTrue(saved.load().isEmpty());
        assertEquals("No folder saved.", vm.savedTextProperty().get());
    }

    @Test
    void downloadReportsProgressThenTheResult() {
        GpuViewModel vm = vm(GOOD_DRIVER, List.of(), Optional.empty());
        List<Double> seen = new ArrayList<>();
        vm.downloadProgressProperty().addListener((obs, was, now) -> seen.add(now.doubleValue()));
        download.files = 2;
        vm.download();
        assertEquals(DownloadState.DONE, vm.downloadStateProperty().get());
        assertEquals(1.0, vm.downloadProgressProperty().get());
        assertTrue(seen.contains(0.25) && seen.contains(0.75), seen.toString());
        assertTrue(vm.downloadTextProperty().get().startsWith("Installed in /cache/2.7.1-cu128-linux-x86_64 (2 files"),
                vm.downloadTextProperty().get());
        assertTrue(vm.downloadTextProperty().get().endsWith("Restart Tunebench to use it."));
    }

    @Test
    void anOfflineDownloadFailsWithASentence() {
        GpuViewModel vm = vm(GOOD_DRIVER, List.of(), Optional.empty());
        download.failure = new UnknownHostException("publish.djl.ai");
        vm.download();
        assertEquals(DownloadState.FAILED, vm.downloadStateProperty().get());
        assertEquals("The download failed: cannot find publish.djl.ai (is this computer offline?)."
                + " Nothing was installed.", vm.downloadTextProperty().get());
    }

    @Test
    void cancellingStopsTheDownloadAndSaysNothingWasInstalled() {
        GpuViewModel vm = vm(GOOD_DRIVER, List.of(), Optional.empty());
        download.files = 3;
        download.onFirstBytes = vm::cancelDownload;
        vm.download();
        assertEquals(DownloadState.CANCELLED, vm.downloadStateProperty().get());
        assertEquals("Cancelled: nothing was installed.", vm.downloadTextProperty().get());
        assertTrue(download.sawCancel, "the download itself saw the cancel");
    }

    /** Calls progress as CudaDownload does, honours cancel as it does (InterruptedIOException). */
    private static final class FakeDownload implements GpuSources.Download {
        int files = 1;
        IOException failure;
        Runnable onFirstBytes = () -> {};
        boolean sawCancel;

        @Override
        public Path target() {
            return Path.of("/cache/2.7.1-cu128-linux-x86_64");
        }

        @Override
        public CudaDownload.Result run(CudaDownload.Progress progress, BooleanSupplier cancelled) throws IOException {
            if (failure != null) {
                throw failure;
            }
            long all = 0;
            for (int i = 1; i <= files; i++) {
                progress.fileStarted("lib" + i + ".so", i, files);
                for (long b = 500; b <= 1000; b += 500) {
                    all += 500;
                    progress.bytesReceived(b, 1000, all);
                    onFirstBytes.run();
                    onFirstBytes = () -> {};
                    if (cancelled.getAsBoolean()) {
                        sawCancel = true;
                        throw new InterruptedIOException("The CUDA libtorch download was cancelled: nothing was installed");
                    }
                }
            }
            return new CudaDownload.Result(target(), Map.of("lib1.so", "ab", "lib2.so", "cd"), all);
        }
    }
}
