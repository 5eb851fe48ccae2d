package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.testing.RandomCheckpoint;

/** {@code evaluate} as a script calls it, on a random model with the tiny BPE tokenizer. */
class CliEvalTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path data;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void setUp() throws Exception {
        model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        data = tmp.resolve("eval.jsonl");
        Files.writeString(data, String.join("\n",
                "{\"instruction\": \"Say hi\", \"input\": \"\", \"output\": \"hi there\"}",
                "{\"instruction\": \"Say bye\", \"input\": \"\", \"output\": \"bye now\"}",
                "{not json",
                "{\"instruction\": \"Say yes\", \"input\": \"\", \"output\": \"yes indeed\"}") + "\n");
    }

    @Test
    void jsonPrintsOneLineWithTheScores() throws Exception {
        Result r = run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--chat-template", "chatml", "--max-new-tokens", "4", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        JsonNode line = new ObjectMapper().readTree(r.out().strip());
        assertEquals(3, line.get("examples").asInt());
        double em = line.get("exact_match").asDouble();
        assertTrue(em >= 0 && em <= 1, "exact_match " + em);
        double loss = line.get("eval_loss").asDouble();
        assertTrue(loss > 0 && Double.isFinite(loss), "eval_loss " + loss);
        assertEquals(Math.exp(loss), line.get("eval_ppl").asDouble(), 1e-6 * Math.exp(loss));
        assertTrue(r.err().contains("line 3"), "the broken line is reported: " + r.err());
    }

    @Test
    void limitTakesTheFirstExamplesAndTheReportShowsSamples() {
        Result r = run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--limit", "2", "--max-new-tokens", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Examples:     2"), r.out());
        assertTrue(r.out().contains("Exact match:"), r.out());
        assertTrue(r.out().contains("Perplexity:"), r.out());
        assertTrue(r.out().contains("reference: hi there"), r.out());
        assertTrue(r.out().contains("prompt:    ") && r.out().contains("Say hi"), r.out());
    }

    @Test
    void anUnknownTemplateIsOneSentence() {
        Result r = run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--chat-template", "vicuna");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("Error: Unknown chat template 'vicuna'"), r.err());
    }
}
