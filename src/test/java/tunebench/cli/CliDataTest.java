package tunebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;

/** {@code data}: validate, stats, convert, dedup, split and shuffle from the command line. */
class CliDataTest {

    private static final Path FLAWED = Path.of("sample-data/flawed.jsonl");
    private static final Path TINY = Path.of("assets/models/tunebench-tiny");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TunebenchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void validateJsonListsEveryProblemOfTheFlawedSampleByLine() throws Exception {
        String[] r = run("data", "validate", FLAWED.toString(), "--model", TINY.toString(),
                "--max-length", "512", "--json");
        assertEquals("0", r[0], r[2]);
        JsonNode report = JSON.readTree(r[1]);
        assertEquals(32, report.get("examples").asInt());
        List<String> found = new ArrayList<>();
        for (JsonNode p : report.get("problems")) {
            found.add(p.get("line").asInt() + ":" + p.get("kind").asText()
                    + (p.has("related_line") ? ">" + p.get("related_line").asInt() : ""));
            assertFalse(p.get("message").asText().isBlank());
        }
        assertEquals(List.of("4:malformed-json", "7:missing-field", "10:empty-field", "13:duplicate>2",
                "16:near-duplicate>5", "19:too-long", "22:mixed-format", "25:mixed-format", "28:wrong-type"), found);
    }

    @Test
    void validateExitsZeroOnProblemsAndNonZeroOnAnUnreadableFile() throws Exception {
        String[] text = run("data", "validate", "sample-data/flawed-chat.jsonl");
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].contains("bad-turns"), text[1]);
        assertTrue(text[1].contains("imbalance"), text[1]);
        assertTrue(text[2].contains("too-long is not checked"), text[2]);

        Path binary = tmp.resolve("image.jsonl");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        String[] bad = run("data", "validate", binary.toString(), "--json");
        assertNotEquals("0", bad[0]);
        assertTrue(bad[2].contains(binary.toString()), bad[2]);
        assertNotEquals("0", run("data", "validate", tmp.resolve("missing.jsonl").toString())[0]);
    }

    @Test
    void convertToMessagesAndBackKeepsTheExamples() throws Exception {
        Path messages = tmp.resolve("chat.jsonl");
        Path back = tmp.resolve("back.json");
        String[] to = run("data", "convert", "sample-data/instructions.json", "--to", "messages", "--out",
                messages.toString());
        assertEquals("0", to[0], to[2]);
        assertTrue(to[1].contains("1,200 records"), to[1]);
        assertEquals("0", run("data", "convert", messages.toString(), "--to", "alpaca", "--out", back.toString())[0]);
        List<Example> original = ExampleSet.read(DatasetDocument.read(Path.of("sample-data/instructions.json"))).examples();
        List<Example> roundTrip = ExampleSet.read(DatasetDocument.read(back)).examples();
        assertEquals(original.stream().map(Example::messages).toList(),
                roundTrip.stream().map(Example::messages).toList());
    }

    @Test
    void dedupWritesBesideTheInputAndNeverOverTheInput() throws Exception {
        Path copy = tmp.resolve("flawed.jsonl");
        Files.copy(FLAWED, copy);
        String[] refused = run("data", "dedup", copy.toString(), "--out", copy.toString());
        assertNotEquals("0", refused[0]);
        assertTrue(refused[2].contains("Refusing to overwrite"), refused[2]);
        assertEquals(Files.readString(FLAWED), Files.readString(copy));

        String[] done = run("data", "dedup", copy.toString(), "--near");
        assertEquals("0", done[0], done[2]);
        Path out = tmp.resolve("flawed.dedup.jsonl");
        List<String> lines = Files.readAllLines(out);
        assertEquals(30, lines.size(), done[1]);
        List<String> original = Files.readAllLines(FLAWED);
        assertFalse(lines.contains(original.get(15)), "the near-duplicate of line 5 is gone");
        assertEquals(original.get(1), lines.get(1), "kept records keep their text");
    }

    @Test
    void splitIsSeededAndKeepsEveryRecord() throws Exception {
        Path train = tmp.resolve("t.json");
        Path val = tmp.resolve("v.json");
        String[] r = run("data", "split", "sample-data/instructions.json", "--train", train.toString(),
                "--val", val.toString(), "--seed", "7");
        assertEquals("0", r[0], r[2]);
        int trainSize = DatasetDocument.read(train).records().size();
        int valSize = DatasetDocument.read(val).records().size();
        assertEquals(1200, trainSize + valSize);
        assertEquals(120, valSize);
        String first = Files.readString(val);
        run("data", "split", "sample-data/instructions.json", "--train", train.toString(), "--val",
                val.toString(), "--seed", "7");
        assertEquals(first, Files.readString(val));
    }

    @Test
    void statsCountsCategoriesAndTokenLengths() throws Exception {
        String[] r = run("data", "stats", "sample-data/flawed-chat.jsonl", "--model", TINY.toString(), "--json");
        assertEquals("0", r[0], r[2]);
        JsonNode stats = JSON.readTree(r[1]);
        assertEquals("tokens", stats.get("unit").asText());
        assertEquals(1, stats.get("categories").get("colors").asInt());
        assertTrue(stats.get("lengths").get("example").get("max").asInt() > 0);
        String[] text = run("data", "stats", "sample-data/instructions.json");
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].contains("1,200 examples"), text[1]);
    }

    @Test
    void shuffleKeepsTheRecords() throws Exception {
        Path out = tmp.resolve("s.jsonl");
        assertEquals("0", run("data", "shuffle", "sample-data/instructions.jsonl", "--out", out.toString())[0]);
        List<String> in = new ArrayList<>(Files.readAllLines(Path.of("sample-data/instructions.jsonl")));
        List<String> shuffled = new ArrayList<>(Files.readAllLines(out));
        assertNotEquals(in, shuffled);
        in.sort(null);
        shuffled.sort(null);
        assertEquals(in, shuffled);
    }
}
