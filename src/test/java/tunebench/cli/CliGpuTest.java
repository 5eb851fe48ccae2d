package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.testing.Fixtures;

/** {@code tunebench gpu} and {@code --device} on a machine without a usable GPU (this one). */
class CliGpuTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static boolean noGpu() {
        return DjlRuntime.status().gpuCount() == 0;
    }

    @Test
    void gpuReportsDriverLibtorchEngineAndTheWayToCuda() {
        Result r = run("gpu");
        assertEquals(0, r.code(), r.err());
        System.out.println(r.out());
        assertTrue(r.out().startsWith("NVIDIA driver: "), r.out());
        assertTrue(r.out().contains("CUDA libtorch (DJL 0.36 needs 2.7.1+cu128):"), r.out());
        assertTrue(r.out().contains("Engine: "), r.out());
        if (noGpu()) {
            assertTrue(r.out().contains("--device auto: cpu" + System.lineSeparator()), r.out());
            assertTrue(r.out().contains("To enable CUDA: run `tunebench gpu --download-cuda`"), r.out());
            assertTrue(r.out().contains("PYTORCH_LIBRARY_PATH"), r.out());
        }
    }

    @Test
    void gpuJsonHasEveryPart() throws Exception {
        Result r = run("gpu", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String key : new String[] {"driver", "gpus", "libtorch", "engine", "auto", "how_to_enable"}) {
            assertTrue(j.has(key), key + " in " + r.out());
        }
        assertEquals(DjlRuntime.status().gpuCount(), j.get("engine").get("gpu_count").asInt());
        if (noGpu()) {
            assertEquals("cpu", j.get("auto").asText());
            assertTrue(j.get("gpus").isEmpty() || !j.get("driver").get("problem").isNull());
        }
    }

    @Test
    void generateRefusesAGpuItCannotHaveWithTheReason() {
        if (!noGpu()) {
            return;
        }
        Result r = run("generate", "--model", Fixtures.tinyLlama().toString(), "--ids", "5 6 7",
                "--max-new-tokens", "2", "--device", "gpu:1");
        assertEquals(1, r.code());
        assertEquals("Error: --device gpu:1, but no GPU can be used: " + DjlRuntime.status().whyNoGpu(),
                r.err().strip());
        Result auto = run("generate", "--model", Fixtures.tinyLlama().toString(), "--ids", "5 6 7",
                "--max-new-tokens", "2", "--greedy", "--json", "--device", "auto");
        assertEquals(0, auto.code(), auto.err());
        Result bad = run("evaluate", "--model", Fixtures.tinyLlama().toString(), "--data", "x.jsonl", "--device", "tpu");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--device: device must be cpu, gpu, gpu:N, cuda, cuda:N or auto, got 'tpu'"),
                bad.err());
    }

    @Test
    void trainDeviceOverridesTheConfigAndSaysWhatIsMissing() throws Exception {
        if (!noGpu()) {
            return;
        }
        Path config = tmp.resolve("run.json");
        Files.writeString(config, "{\"name\": \"gpu\", \"model\": {\"path\": \"" + Fixtures.tinyLlama()
                + "\"}, \"data\": {\"train\": \"t.jsonl\"}, \"output_dir\": \"" + tmp.resolve("run") + "\"}");
        Result r = run("train", "--config", config.toString(), "--device", "gpu");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("Error: model.device gpu, but no GPU can be used: "), r.err());
        Result tpu = run("train", "--config", config.toString(), "--device", "tpu");
        assertTrue(tpu.err().contains("model.device") && tpu.err().contains("got 'tpu'"), tpu.err());
        Result resume = run("train", "--resume", tmp.toString(), "--device", "cpu");
        assertTrue(resume.err().contains("--set and --device cannot change a run being resumed"), resume.err());
    }
}
