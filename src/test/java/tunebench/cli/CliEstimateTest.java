package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.testing.Fixtures;

/** {@code estimate} on a config.json alone and on a model folder. */
class CliEstimateTest {

    /** meta-llama/Meta-Llama-3-70B's config.json. */
    private static final String LLAMA_70B = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama",
             "vocab_size": 128256, "hidden_size": 8192, "intermediate_size": 28672,
             "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8,
             "max_position_embeddings": 8192, "rms_norm_eps": 1e-5, "torch_dtype": "bfloat16"}""";

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path config70b() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, LLAMA_70B);
        return file;
    }

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("estimate", "--json"));
        all.addAll(List.of(args));
        Result r = run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), "one line: " + r.out());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonLineHasThePartsAndTheVerdict() throws Exception {
        JsonNode j = json("--hf-config", config70b().toString(), "--set", "method=qlora",
                "--set", "schedule.batch_size=1", "--set", "model.gradient_checkpointing=true",
                "--device-gb", "48");
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("total_bytes", "parts", "device_bytes", "fits"), keys);
        List<String> parts = new ArrayList<>();
        j.get("parts").fieldNames().forEachRemaining(parts::add);
        assertEquals(List.of("weights", "quant_constants", "trainable", "gradients", "optimizer",
                "activations"), parts);
        long sum = 0;
        for (JsonNode p : j.get("parts")) {
            sum += p.asLong();
        }
        assertEquals(j.get("total_bytes").asLong(), sum);
        assertEquals(48_000_000_000L, j.get("device_bytes").asLong());
        double gb = j.get("total_bytes").asLong() / 1e9;
        assertTrue(gb > 35 && gb < 48, "QLoRA on 70B: " + gb + " GB");
        assertTrue(j.get("fits").asBoolean());
    }

    @Test
    void methodShorthandSwitchesToFullFineTuning() throws Exception {
        String file = config70b().toString();
        JsonNode lora = json("--hf-config", file);
        JsonNode full = json("--hf-config", file, "--set", "method=full");
        assertEquals(0, lora.get("parts").get("quant_constants").asLong());
        assertTrue(full.get("total_bytes").asLong() > 1_000_000_000_000L, "about 16 bytes a parameter");
        assertFalse(full.get("fits").asBoolean());
        assertTrue(lora.get("parts").get("weights").asLong() > 140_000_000_000L, "bf16 weights");
        JsonNode fp32 = json("--hf-config", file, "--dtype", "fp32");
        assertEquals(2 * lora.get("parts").get("weights").asLong(),
                fp32.get("parts").get("weights").asLong());
    }

    @Test
    void humanOutputOnAModelFolderAndARunConfig() {
        Result r = run("estimate", "--model", Fixtures.tinyLlama().toString(),
                "--config", "sample-data/runs/qlora.json", "--dtype", "fp32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Run:     qlora, batch 16 x 128 tokens, fp32"), r.out());
        assertTrue(r.out().contains("Quantization constants"), r.out());
        assertTrue(r.out().contains("Verdict: fits on 24 GB with "), r.out());
        assertFalse(r.out().contains("On this CPU build"), "fp32 is already the CPU's numbers");
    }

    @Test
    void errorsAreOneSentence() throws Exception {
        Result missing = run("estimate", "--hf-config", tmp.resolve("nope.json").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("Error: No file "), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Path gpt2 = tmp.resolve("gpt2.json");
        Files.writeString(gpt2, LLAMA_70B.replace("LlamaForCausalLM", "GPT2LMHeadModel"));
        Result unknown = run("estimate", "--hf-config", gpt2.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("architecture 'GPT2LMHeadModel'; Tunebench supports"),
                unknown.err());

        Result noFolder = run("estimate", "--model", tmp.resolve("none").toString());
        assertTrue(noFolder.err().startsWith("Error: No model folder "), noFolder.err());
        Result dtype = run("estimate", "--hf-config", config70b().toString(), "--dtype", "int8");
        assertTrue(dtype.err().startsWith("Error: --dtype takes fp32, fp16 or bf16"), dtype.err());
    }
}
