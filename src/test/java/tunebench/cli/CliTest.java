package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.testing.Fixtures;

/** The commands as a script would call them, on the reference fixture. */
class CliTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String fixture() {
        return Fixtures.tinyLlama().toString();
    }

    private static String idsArg(JsonNode ids) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode seq : ids) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            for (int i = 0; i < seq.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(seq.get(i).asLong());
            }
        }
        return sb.toString();
    }

    @Test
    void forwardWritesLogitsMatchingTransformers() {
        JsonNode expected = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json"));
        Path out = tmp.resolve("logits.json");
        Result r = run("forward", "--model", fixture(), "--ids", idsArg(expected.get("input_ids")),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode logits = Fixtures.json(out).get("logits");
        assertEquals(2, logits.size());
        assertEquals(24, logits.get(0).size());
        assertEquals(320, logits.get(0).get(0).size());
        float diff = Fixtures.maxAbsDiff(Fixtures.flatFloats(logits),
                Fixtures.flatFloats(expected.get("logits")));
        assertTrue(diff <= 1e-4, "logits differ by " + diff);
    }

    @Test
    void forwardWithAdapterAndMergedCheckpointMatchPeft() {
        JsonNode expected = Fixtures.json(Fixtures.tinyLlama().resolve("adapter").resolve("expected.json"));
        float[] want = Fixtures.flatFloats(expected.get("logits_with_adapter"));
        String adapter = Fixtures.tinyLlama().resolve("adapter").toString();
        Path withAdapter = tmp.resolve("with-adapter.json");
        Result r = run("forward", "--model", fixture(), "--adapter", adapter,
                "--ids", idsArg(expected.get("input_ids")), "--out", withAdapter.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Fixtures.maxAbsDiff(Fixtures.flatFloats(Fixtures.json(withAdapter).get("logits")), want) <= 1e-4);
        Path merged = tmp.resolve("merged");
        Result m = run("merge", "--model", fixture(), "--adapter", adapter, "--out", merged.toString());
        assertEquals(0, m.code(), m.err());
        Path mergedLogits = tmp.resolve("merged.json");
        Result f = run("forward", "--model", merged.toString(), "--ids", idsArg(expected.get("input_ids")),
                "--out", mergedLogits.toString());
        assertEquals(0, f.code(), f.err());
        float diff = Fixtures.maxAbsDiff(Fixtures.flatFloats(Fixtures.json(mergedLogits).get("logits")), want);
        assertTrue(diff <= 1e-4, "merged checkpoint logits differ by " + diff);
    }

    @Test
    void generateWithAdapterFollowsPeftGreedy() throws Exception {
        JsonNode g = Fixtures.json(Fixtures.tinyLlama().resolve("adapter").resolve("expected.json"))
                .get("greedy_with_adapter");
        String prompt = idsArg(new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode()
                .add(g.get("prompt_ids")));
        Result r = run("generate", "--model", fixture(), "--adapter",
                Fixtures.tinyLlama().resolve("adapter").toString(), "--ids", prompt,
                "--max-new-tokens", "12", "--greedy", "--ignore-eos", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out().strip());
        assertArrayEquals(Fixtures.longs(g.get("new_tokens")), Fixtures.longs(line.get("ids")));
    }

    @Test
    void generateJsonPrintsOnlyTheNewTokens() throws Exception {
        JsonNode greedy = Fixtures.json(Fixtures.tinyLlama().resolve("expected.json")).get("greedy");
        String prompt = idsArg(new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode()
                .add(greedy.get("prompt_ids")));
        Result r = run("generate", "--model", fixture(), "--ids", prompt, "--max-new-tokens", "12",
                "--greedy", "--ignore-eos", "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, r.out());
        JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[0]);
        assertArrayEquals(Fixtures.longs(greedy.get("new_tokens")), Fixtures.longs(line.get("ids")));
        assertEquals("", line.get("text").asText());
    }

    @Test
    void severalPromptsGiveOneJsonLineEachLikeSeparateRuns() throws Exception {
        Result batch = run("generate", "--model", fixture(), "--ids", "5 6 7 8 9,40 41", "--greedy",
                "--max-new-tokens", "6", "--ignore-eos", "--json");
        assertEquals(0, batch.code(), batch.err());
        String[] lines = batch.out().strip().split("\n");
        assertEquals(2, lines.length, batch.out());
        Result first = run("generate", "--model", fixture(), "--ids", "5 6 7 8 9", "--greedy",
                "--max-new-tokens", "6", "--ignore-eos", "--json");
        Result second = run("generate", "--model", fixture(), "--ids", "40 41", "--greedy",
                "--max-new-tokens", "6", "--ignore-eos", "--json");
        assertEquals(first.out().strip(), lines[0]);
        assertEquals(second.out().strip(), lines[1]);
    }

    @Test
    void seededSamplingIsRepeatable() {
        String[] args = {"generate", "--model", fixture(), "--ids", "5 6 7", "--max-new-tokens", "16",
            "--temperature", "1.2", "--top-k", "0", "--seed", "99", "--json", "--ignore-eos"};
        Result a = run(args);
        Result b = run(args);
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
    }

    /** A random model whose vocabulary fits the hand-made test tokenizer (ids 0..265). */
    private Path modelWithTokenizer() throws Exception {
        return tunebench.testing.RandomCheckpoint.withTinyTokenizer(tmp.resolve("tok-model"), 5);
    }

    @Test
    void generateFromTextWithTheChatTemplateDecodesTheNewTokens() throws Exception {
        Path dir = modelWithTokenizer();
        Result r = run("generate", "--model", dir.toString(), "--prompt", "hello there", "--chat",
                "--max-new-tokens", "6", "--temperature", "1.0", "--seed", "3", "--json", "--ignore-eos");
        assertEquals(0, r.code(), r.err());
        JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out().strip());
        long[] ids = Fixtures.longs(line.get("ids"));
        assertEquals(6, ids.length);
        try (var tok = tunebench.engine.model.tokenizer.TextTokenizer.load(dir)) {
            assertEquals(tok.decode(ids, true), line.get("text").asText());
        }
        // without --json the text streams to stdout as it is generated
        Result streamed = run("generate", "--model", dir.toString(), "--prompt", "hello there", "--chat",
                "--max-new-tokens", "6", "--temperature", "1.0", "--seed", "3", "--ignore-eos");
        assertEquals(0, streamed.code(), streamed.err());
        assertEquals(line.get("text").asText(), streamed.out().strip().isEmpty() ? ""
                : streamed.out().substring(0, streamed.out().length() - System.lineSeparator().length()));
    }

    @Test
    void trainWritesTheRunFolderAndResumeContinuesIt() throws Exception {
        Path model = modelWithTokenizer();
        Path data = tmp.resolve("train.jsonl");
        java.nio.file.Files.writeString(data, String.join("\n",
                "{\"instruction\": \"Say hi\", \"input\": \"\", \"output\": \"hi there\"}",
                "{\"instruction\": \"Say bye\", \"input\": \"\", \"output\": \"bye now\"}",
                "{not json",
                "{\"instruction\": \"Say yes\", \"input\": \"\", \"output\": \"yes indeed\"}") + "\n");
        Path config = tmp.resolve("run.json");
        Path runDir = tmp.resolve("run");
        java.nio.file.Files.writeString(config, "{\"name\": \"cli\", \"model\": {\"path\": \"" + model
                + "\", \"chat_template\": \"chatml\"}, \"data\": {\"train\": \"" + data
                + "\", \"validation_split\": 0, \"max_length\": 96}, \"schedule\": {\"batch_size\": 2}}");
        Result r = run("train", "--config", config.toString(), "--set", "schedule.max_steps=2",
                "--set", "checkpoint.every_steps=1", "--set", "output_dir=" + runDir);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Done: 2 steps"), r.out());
        assertTrue(r.err().contains("line 3"), "the broken line is reported: " + r.err());
        assertTrue(java.nio.file.Files.isRegularFile(runDir.resolve("adapter").resolve("adapter_config.json")));
        assertEquals(3, java.nio.file.Files.readAllLines(runDir.resolve("metrics.jsonl")).size(),
                "two steps and the final evaluation");
        Result resumed = run("train", "--resume", runDir.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming at 2"), resumed.err());
        Result bad = run("train", "--config", config.toString(), "--set", "optim.learning_rate=1");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("learning_rate"), bad.err());
    }

    @Test
    void infoDescribesTheCheckpointWithoutLoadingIt() {
        Result r = run("info", "--model", fixture());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LlamaForCausalLM"), r.out());
        assertTrue(r.out().contains("4 attention, 2 key/value"), r.out());
        assertTrue(r.out().contains("133,440"), r.out());
        assertTrue(r.out().contains("Vocabulary:     320"), r.out());
    }

    @Test
    void errorsAreOneSentenceAndNonZeroExit() {
        Result r = run("generate", "--model", tmp.resolve("missing").toString(), "--ids", "1 2");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("Error: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Result verbose = run("generate", "--model", tmp.resolve("missing").toString(), "--ids", "1 2",
                "--verbose");
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "no stack trace with --verbose");
    }

    @Test
    void badOptionsAreOneSentenceThatPointsToHelp() {
        Result r = run("generate", "--model", fixture(), "--ids", "1 2", "--max-new-tokens", "many");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--max-new-tokens"), r.err());
        assertTrue(r.err().contains("tunebench generate --help"), r.err());
    }

    @Test
    void forwardRefusesRaggedAndOutOfVocabularyIds() {
        Result ragged = run("forward", "--model", fixture(), "--ids", "1 2 3,4 5",
                "--out", tmp.resolve("x.json").toString());
        assertEquals(1, ragged.code());
        assertTrue(ragged.err().contains("same length"), ragged.err());
        Result oov = run("forward", "--model", fixture(), "--ids", "1 2 320",
                "--out", tmp.resolve("x.json").toString());
        assertEquals(1, oov.code());
        assertTrue(oov.err().contains("320"), oov.err());
    }
}
