package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.testing.Fixtures;

/** {@code --quantize nf4} on info, forward and generate, on the reference fixture. */
class CliQuantizeTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static final String MODEL = Fixtures.tinyLlama().toString();
    private static final String IDS = "1 17 30 45 60 75 90 105,2 40 80 120 160 200 240 280";

    @Test
    void infoReportsWhatAnNf4LoadTakes() {
        Result r = run("info", "--model", MODEL, "--quantize", "nf4");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("NF4 bytes/param: ([0-9.]+) = codes 0\\.5000").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) <= 0.52, r.out());
        assertTrue(r.out().contains("(0.5625 without: 0.5000 + 0.0625)"), r.out());
        assertTrue(r.out().contains("Memory as NF4:"), r.out());
        assertTrue(!run("info", "--model", MODEL).out().contains("NF4"), "only when asked");
    }

    @Test
    void forwardWithNf4IsCloseToFullPrecisionButNotEqual() {
        float[] dense = logits(tmp.resolve("dense.json"));
        float[] nf4 = logits(tmp.resolve("nf4.json"), "--quantize", "nf4");
        float diff = Fixtures.maxAbsDiff(dense, nf4);
        assertTrue(diff > 1e-4 && diff < 0.5, "NF4 logits differ by " + diff);
    }

    private float[] logits(Path out, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "forward", "--model", MODEL, "--ids", IDS, "--out", out.toString()));
        args.addAll(java.util.List.of(extra));
        Result r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return Fixtures.flatFloats(Fixtures.json(out).get("logits"));
    }

    @Test
    void generateWithNf4AndAnAdapterRuns() throws Exception {
        Result r = run("generate", "--model", MODEL, "--adapter", Fixtures.tinyLlama().resolve("adapter").toString(),
                "--ids", "1 17 30", "--max-new-tokens", "6", "--greedy", "--ignore-eos", "--json",
                "--quantize", "nf4");
        assertEquals(0, r.code(), r.err());
        JsonNode line = new ObjectMapper().readTree(r.out().strip());
        assertEquals(6, line.get("ids").size());
    }

    @Test
    void anUnknownQuantizationIsOneSentence() {
        Result r = run("forward", "--model", MODEL, "--ids", "1 2", "--out", tmp.resolve("c.json").toString(),
                "--quantize", "int3");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--quantize takes nf4, not 'int3'"), r.err());
    }

    @Test
    void evaluateScoresTheBundledModelOnAnNf4Base() {
        Result r = run("evaluate", "--model", "assets/models/tunebench-tiny", "--data",
                "sample-data/instructions-eval.json", "--limit", "4", "--max-new-tokens", "8",
                "--quantize", "nf4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Examples:     4"), r.out());
        assertTrue(r.out().contains("Perplexity:"), r.out());
    }
}
