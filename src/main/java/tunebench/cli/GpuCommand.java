package tunebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.runtime.ComputeDevice;
import tunebench.engine.runtime.CudaDownload;
import tunebench.engine.runtime.CudaPlan;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.runtime.GpuProbe;
import tunebench.engine.runtime.GpuReport;
import tunebench.engine.runtime.LibtorchCandidate;
import tunebench.engine.runtime.LibtorchLocator;
import tunebench.engine.runtime.RuntimeStatus;

/**
 * {@code gpu}: what this machine offers for CUDA, and why a GPU is or is not used: the NVIDIA
 * driver and its GPUs, every CUDA libtorch folder found and the verdict on it, how the engine
 * started, what {@code --device auto} picks, and how to enable CUDA. {@code --download-cuda}
 * is the user's consent to fetch DJL's CUDA libtorch into DJL's cache.
 */
@Command(mixinStandardHelpOptions = true, name = "gpu",
        description = "Show the NVIDIA GPU, driver and CUDA libtorch Tunebench can use; optionally download CUDA libtorch.")
final class GpuCommand implements Callable<Integer> {

    @Option(names = "--download-cuda",
            description = "Download libtorch " + LibtorchLocator.TORCH_VERSION + " for CUDA 12.8 (about 2 GB) from"
                    + " publish.djl.ai into DJL's cache. Giving this option is your consent.")
    boolean download;

    @Option(names = "--json", description = "Print one JSON object instead of the report.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (download) {
            downloadCuda(spec.commandLine().getErr());
        }
        GpuReport driver = GpuProbe.probe();
        List<LibtorchCandidate> candidates = LibtorchLocator.locate(LibtorchLocator.Sources.ofThisMachine(null));
        RuntimeStatus status = DjlRuntime.status();
        ai.djl.Device picked = ComputeDevice.pick("--device", "auto");
        String auto = picked.isGpu() ? "gpu:" + picked.getDeviceId() : "cpu";
        if (json) {
            out.println(json(driver, candidates, status, auto));
        } else {
            print(out, driver, candidates, status, auto);
        }
        return 0;
    }

    private void downloadCuda(PrintWriter err) throws java.io.IOException {
        CudaDownload d = CudaDownload.forThisMachine();
        err.println("Downloading CUDA libtorch into " + d.targetDir() + " ...");
        CudaDownload.Result r = d.run(true, Map.of(), new CudaDownload.Progress() {
            private long lastMb = -1;

            @Override
            public void fileStarted(String name, int index, int count) {
                err.printf("  [%d/%d] %s%n", index, count, name);
                err.flush();
            }

            @Override
            public void bytesReceived(long fileBytes, long fileTotal, long allBytes) {
                long mb = allBytes >> 20;
                if (mb / 100 != lastMb / 100) { // a line per 100 MiB
                    err.printf("        %,d MiB received%n", mb);
                    err.flush();
                }
                lastMb = mb;
            }
        }, () -> false);
        err.printf("Installed %d files (%,d MiB fetched); SHA-256 sums recorded in %s (DJL publishes none:"
                + " trust on first use).%n", r.sha256().size(), r.bytesFetched() >> 20,
                r.dir().resolve(CudaDownload.SUMS));
        err.println("Start Tunebench again to use it.");
    }

    private static void print(PrintWriter out, GpuReport driver, List<LibtorchCandidate> candidates,
            RuntimeStatus status, String auto) {
        out.println("NVIDIA driver: " + (driver.driverVersion() != null ? driver.driverVersion() : "none found"));
        for (GpuReport.Gpu g : driver.gpus()) {
            out.println("  " + g.describe());
        }
        if (driver.problem() != null) {
            out.println("  " + driver.problem());
        }
        out.println("CUDA libtorch (DJL 0.36 needs " + LibtorchLocator.TORCH_VERSION + "+" + LibtorchLocator.FLAVOR + "):");
        if (candidates.isEmpty()) {
            out.println("  none found (looked at PYTORCH_LIBRARY_PATH, Python's torch/lib, " + LibtorchLocator.djlCacheDir() + ")");
        }
        for (LibtorchCandidate c : candidates) {
            out.println("  " + c.describe());
        }
        out.println("Engine: " + (status.cuda() ? "CUDA libtorch" : "CPU libtorch") + " in " + status.libtorchDir()
                + ", " + status.gpuCount() + (status.gpuCount() == 1 ? " GPU" : " GPUs"));
        if (status.note() != null && !status.note().equals(driver.problem())) {
            out.println("  " + status.note());
        }
        out.println("--device auto: " + auto + (status.gpuCount() > 0 && auto.equals("cpu")
                ? " (the GPU is ready, but Tunebench does not compute on the GPU yet)" : ""));
        if (status.gpuCount() == 0) {
            out.println("To enable CUDA: " + CudaPlan.howToEnable() + "; Tunebench sets PYTORCH_FLAVOR="
                    + LibtorchLocator.FLAVOR + " and PYTORCH_VERSION=" + LibtorchLocator.TORCH_VERSION
                    + " itself. " + CudaPlan.SWITCH + "=off keeps it on the CPU.");
        }
    }

    static String json(GpuReport driver, List<LibtorchCandidate> candidates, RuntimeStatus status, String auto) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode d = root.putObject("driver");
        d.put("version", driver.driverVersion());
        d.put("problem", driver.problem());
        ArrayNode gpus = root.putArray("gpus");
        for (GpuReport.Gpu g : driver.gpus()) {
            gpus.addObject().put("index", g.index()).put("name", g.name()).put("memory_mib", g.memoryMiB());
        }
        ArrayNode libs = root.putArray("libtorch");
        for (LibtorchCandidate c : candidates) {
            libs.addObject().put("source", c.source()).put("dir", c.dir().toString()).put("version", c.version())
                    .put("usable", c.usable()).put("problem", c.problem()).put("warning", c.warning());
        }
        ObjectNode e = root.putObject("engine");
        e.put("libtorch_dir", status.libtorchDir());
        e.put("cuda", status.cuda());
        e.put("gpu_count", status.gpuCount());
        e.put("note", status.note());
        root.put("auto", auto);
        root.put("how_to_enable", CudaPlan.howToEnable());
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
