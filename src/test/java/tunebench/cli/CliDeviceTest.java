package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.reward.RewardFolders;
import tunebench.engine.train.reward.RewardModel;
import tunebench.testing.Fixtures;
import tunebench.testing.RandomCheckpoint;

/**
 * {@code --device} and {@code --dtype} on forward, score, preference-eval and bench: FP16 gives
 * FP32's numbers within rounding, and a GPU that cannot be had is refused with the reason,
 * never replaced by a silent CPU run.
 */
class CliDeviceTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String idsArg(JsonNode ids) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode seq : ids) {
            sb.append(sb.length() > 0 ? "," : "");
            for (int i = 0; i < seq.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(seq.get(i).asLong());
            }
        }
        return sb.toString();
    }

    private float[] forwardLogits(String ids, String dtype) {
        Path out = tmp.resolve("logits-" + dtype + ".json");
        Result r = run("forward", "--model", Fixtures.tinyLlama().toString(), "--ids", ids,
                "--out", out.toString(), "--device", "cpu", "--dtype", dtype);
        assertEquals(0, r.code(), r.err());
        return Fixtures.flatFloats(Fixtures.json(out).get("logits"));
    }

    @Test
    void forwardInFloat16WritesFloat32LogitsCloseToFloat32() {
        JsonNode expected = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json"));
        String ids = idsArg(expected.get("input_ids"));
        float[] fp32 = forwardLogits(ids, "float32");
        float[] fp16 = forwardLogits(ids, "float16");
        assertEquals(2 * 24 * 320, fp16.length);
        float vsTransformers = Fixtures.maxAbsDiff(fp32, Fixtures.flatFloats(expected.get("logits")));
        float diff = Fixtures.maxAbsDiff(fp16, fp32);
        System.out.printf("forward: float32 vs transformers %.3g, float16 vs float32 %.3g%n",
                vsTransformers, diff);
        assertTrue(vsTransformers <= 1e-4, "float32 logits differ from transformers by " + vsTransformers);
        assertTrue(diff <= 5e-3, "float16 logits differ from float32 by " + diff);
        assertTrue(diff > 0, "float16 gave float32's exact logits: --dtype was not applied");
    }

    @Test
    void scoreInFloat16IsCloseToFloat32() throws Exception {
        Path model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        Path reward = RewardFolders.write(model, tmp.resolve("reward"), 3);
        double[] scores = new double[2];
        String[] dtypes = {"float32", "float16"};
        for (int i = 0; i < 2; i++) {
            Result r = run("score", "--model", model.toString(), "--reward", reward.toString(),
                    "--prompt", "Hi?", "--response", "Hello. Thanks!", "--json", "--dtype", dtypes[i]);
            assertEquals(0, r.code(), r.err());
            scores[i] = new ObjectMapper().readTree(r.out()).get("score").asDouble();
        }
        try (RewardModel rm = RewardModel.load(model, reward)) {
            assertEquals(rm.score("Hi?", "Hello. Thanks!"), scores[0], 1e-6);
        }
        double diff = Math.abs(scores[1] - scores[0]);
        System.out.printf("score: float32 %.6f, float16 %.6f, diff %.3g%n", scores[0], scores[1], diff);
        // FP16 moves this random base's final hidden states by up to 1e-2 (0.3% of their largest,
        // 3.5; its N(0, 0.2) weights are rougher than a trained model's), and the head sums 32 of
        // them: scores of about unit scale then move by 2e-4 to 8e-3 across head seeds.
        assertTrue(diff <= 2e-2, "float16 score off by " + diff);
        assertTrue(diff > 0, "float16 gave float32's exact score: --dtype was not applied");
    }

    @Test
    void preferenceEvalAndBenchRunInTheChosenDtype() throws Exception {
        Path model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        Path pairs = tmp.resolve("pairs.jsonl");
        Files.write(pairs, List.of(
                "{\"prompt\": \"Hi?\", \"chosen\": \"Hello. Thanks!\", \"rejected\": \"Go away.\"}",
                "{\"prompt\": \"Sky?\", \"chosen\": \"Blue. Thanks!\", \"rejected\": \"Ugh.\"}"));
        for (String dtype : new String[] {"float32", "float16"}) {
            Result r = run("preference-eval", "--model", model.toString(), "--data", pairs.toString(),
                    "--max-new-tokens", "3", "--json", "--device", "cpu", "--dtype", dtype);
            assertEquals(0, r.code(), r.err());
            assertEquals(2, new ObjectMapper().readTree(r.out()).get("prompts").asInt(), r.out());
        }
        Result bench = run("bench", "forward", "--model", model.toString(), "--batch", "1", "--seq", "8",
                "--iters", "1", "--warmup", "0", "--device", "cpu", "--dtype", "float16");
        assertEquals(0, bench.code(), bench.err());
        JsonNode line = new ObjectMapper().readTree(bench.out().lines().findFirst().orElseThrow());
        assertEquals("cpu", line.get("device").asText());
        assertEquals("float16", line.get("dtype").asText());
    }

    @Test
    void everyComputingCommandRefusesAGpuItCannotHave() throws Exception {
        if (DjlRuntime.status().gpuCount() > 0) {
            return; // the refusal is what this machine can show; a GPU machine runs them instead
        }
        String model = Fixtures.tinyLlama().toString();
        String expected = "Error: --device gpu, but no GPU can be used: " + DjlRuntime.status().whyNoGpu();
        List<String[]> commands = List.of(
                new String[] {"forward", "--model", model, "--ids", "1 2 3", "--out", tmp.resolve("l.json").toString()},
                new String[] {"score", "--model", model, "--reward", tmp.toString(), "--prompt", "a", "--response", "b"},
                new String[] {"preference-eval", "--model", model, "--data", tmp.resolve("p.jsonl").toString()},
                new String[] {"bench", "forward", "--model", model, "--iters", "1", "--warmup", "0"});
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "--device";
            args[command.length + 1] = "gpu";
            Result r = run(args);
            assertEquals(1, r.code(), command[0] + ": " + r.err());
            assertEquals(expected, r.err().strip(), command[0]);
            assertTrue(r.out().isEmpty(), command[0] + " printed " + r.out());
        }
        assertTrue(!Files.exists(tmp.resolve("l.json")), "forward wrote logits after refusing the GPU");
        Result bf16 = run("forward", "--model", model, "--ids", "1 2 3", "--out",
                tmp.resolve("l.json").toString(), "--dtype", "bf16");
        assertEquals(1, bf16.code());
        assertTrue(bf16.err().startsWith("Error: --dtype bf16: DJL cannot compute in BF16"), bf16.err());
        Result merge = run("merge", "--help");
        assertTrue(merge.out().contains("Runs on the CPU in float32"), merge.out());
    }
}
