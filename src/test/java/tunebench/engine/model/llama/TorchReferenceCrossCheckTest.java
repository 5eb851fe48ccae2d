package tunebench.engine.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.testing.RandomCheckpoint;

/**
 * Variants the transformers fixture does not cover (Qwen2 biases, tied embeddings, each
 * rope_scaling type, left padding), checked against docs/bench/llama_eager.py: an independent
 * PyTorch eager Llama written after modeling_llama.py. Needs Debian's python3-torch; .ci/run
 * installs it and sets TUNEBENCH_REQUIRE_TORCH=true so CI cannot skip this.
 */
class TorchReferenceCrossCheckTest {

    private static final String PYTHON = System.getProperty("tunebench.python", "/usr/bin/python3");
    private static final Path SCRIPT = Paths.get("docs", "bench", "llama_eager.py");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTorch() throws Exception {
        boolean available;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        if (Boolean.getBoolean("tunebench.requireTorchReference")
                || "true".equals(System.getenv("TUNEBENCH_REQUIRE_TORCH"))) {
            assertTrue(available, PYTHON + " cannot import torch (apt-get install python3-torch)");
        }
        Assumptions.assumeTrue(available, "no PyTorch reference: " + PYTHON + " lacks torch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-gqa", "qwen2-bias", "mistral-tied", "rope-linear", "rope-dynamic",
        "rope-llama3"})
    void logitsMatchThePyTorchReference(String variant) throws Exception {
        ObjectNode c = config(variant);
        Path dir = RandomCheckpoint.write(tmp.resolve(variant), c, variant.hashCode(), 0);
        // row 0 left-padded by 3, row 2 right-padded by 4: masking (and positions counted over
        // real tokens) must make the padding invisible
        long[][] ids = {{0, 0, 0, 5, 17, 33, 2, 90, 41, 7, 64, 12, 3},
            {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
            {30, 31, 32, 33, 34, 35, 36, 37, 38, 0, 0, 0, 0}};
        long[][] mask = {{0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
            {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}};
        Path io = tmp.resolve(variant + "-io.safetensors");
        try (LoadedModel lm = ModelLoader.load(dir); NDManager m = lm.model().manager().newSubManager()) {
            NDArray idArr = m.create(ids);
            NDArray maskArr = m.create(mask);
            NDArray logits = lm.model().forward(idArr, maskArr, null, null, false);
            SafetensorsWriter.write(io, Map.of(), List.of(TensorSource.of("input_ids", idArr),
                    TensorSource.of("attention_mask", maskArr), TensorSource.of("logits", logits)));
        }
        JsonNode result = runReference(dir, io);
        double diff = result.get("max_abs_diff_vs_tunebench").asDouble();
        assertTrue(diff < 1e-4, variant + ": logits differ from the PyTorch reference by " + diff);
    }

    private static ObjectNode config(String variant) {
        ObjectNode c = RandomCheckpoint.config(variant.startsWith("qwen2") ? "Qwen2ForCausalLM"
                : variant.startsWith("mistral") ? "MistralForCausalLM" : "LlamaForCausalLM");
        ObjectMapper json = new ObjectMapper();
        switch (variant) {
            case "mistral-tied" -> c.put("tie_word_embeddings", true);
            case "rope-linear" -> c.set("rope_scaling", json.createObjectNode().put("type", "linear").put("factor", 3.0));
            case "rope-dynamic" -> {
                c.put("max_position_embeddings", 8); // 13 tokens: past the trained context
                c.set("rope_scaling", json.createObjectNode().put("type", "dynamic").put("factor", 2.0));
            }
            case "rope-llama3" -> {
                c.put("rope_theta", 500000.0);
                c.set("rope_scaling", json.createObjectNode().put("rope_type", "llama3").put("factor", 8.0)
                        .put("low_freq_factor", 1.0).put("high_freq_factor", 4.0)
                        .put("original_max_position_embeddings", 400)); // a wavelength in the smoothed band
            }
            default -> { }
        }
        return c;
    }

    private static JsonNode runReference(Path dir, Path io) throws Exception {
        Process p = new ProcessBuilder(PYTHON, SCRIPT.toString(), "logits", dir.toString(), io.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "reference timed out");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
