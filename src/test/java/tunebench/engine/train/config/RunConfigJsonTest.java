package tunebench.engine.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing run configs: defaults, round trips, and errors that name the key. */
class RunConfigJsonTest {

    static final String MINIMAL =
            "{\"name\": \"x\", \"model\": {\"path\": \"m\"}, \"data\": {\"train\": \"t.jsonl\"}}";

    /** The minimal config with {@code extra} (a JSON member list) appended to the top level. */
    static String minimalWith(String extra) {
        return MINIMAL.substring(0, MINIMAL.length() - 1) + ", " + extra + "}";
    }

    static RunConfigException parseFails(String json) {
        return assertThrows(RunConfigException.class, () -> RunConfigJson.parse(json));
    }

    @Test
    void minimalConfigGetsEveryDefault() throws Exception {
        RunConfig config = RunConfigJson.parse(MINIMAL);

        assertEquals(RunConfig.of("x", "m", "t.jsonl"), config);
        assertEquals(1, config.schemaVersion());
        assertNull(config.outputDir());
        assertEquals("runs/x", config.runDir());
        assertEquals(new ModelSpec("m", null, "auto", false), config.model());
        assertEquals(new DataSpec("t.jsonl", null, 0.1, 512, false, false, null, null), config.data());
        assertEquals(new LoraMethod(8, 16.0, 0.0, List.of("q_proj", "k_proj", "v_proj", "o_proj",
                "gate_proj", "up_proj", "down_proj"), false, null), config.method());
        assertEquals(new OptimSpec(2e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, false), config.optim());
        assertEquals(new ScheduleSpec("cosine", 0.03, 0, 1, -1, 4, 1, 1), config.schedule());
        assertEquals(new EvalSpec(50, List.of(), 64), config.eval());
        assertEquals(new CheckpointSpec(100, 2), config.checkpoint());
        assertEquals(42, config.seed());
        assertEquals(List.of(), config.validate());
    }

    @Test
    void partialSectionKeepsDefaultsForTheRest() throws Exception {
        RunConfig config = RunConfigJson.parse(minimalWith(
                "\"optim\": {\"lr\": 1e-5}, \"method\": {\"r\": 32}"));

        assertEquals(OptimSpec.defaults().withLr(1e-5), config.optim());
        assertEquals(LoraMethod.defaults().withR(32), config.method());
    }

    @Test
    void validationFileWithoutSplitMeansNoSplit() throws Exception {
        RunConfig config = RunConfigJson.parse(
                "{\"data\": {\"train\": \"t.jsonl\", \"validation\": \"v.jsonl\"}}");

        assertEquals(0.0, config.data().validationSplit());
        assertEquals(DataSpec.of("t.jsonl").withValidation("v.jsonl"), config.data());
    }

    @Test
    void roundTripThroughAFileIsEqual(@TempDir Path dir) throws Exception {
        RunConfig config = RunConfig.of("tuned", "models/llama", "train.jsonl")
                .withOutputDir("/tmp/out")
                .withModel(ModelSpec.of("models/llama").withChatTemplate("chatml")
                        .withDevice("cuda:0"))
                .withData(DataSpec.of("train.jsonl").withValidation("val.jsonl").withPacking(true))
                .withMethod(LoraMethod.defaults().withR(16).withTargetModules(List.of("all-linear"))
                        .withUseRslora(true).withInitAdapter("adapters/prev"))
                .withOptim(OptimSpec.defaults().withLr(1e-4).withWeightDecay(0.01))
                .withSchedule(ScheduleSpec.defaults().withType("linear").withMaxSteps(200))
                .withEval(EvalSpec.defaults().withProbePrompts(List.of("Hi", "2+2=\"?\"")))
                .withCheckpoint(CheckpointSpec.defaults().withKeepLast(5))
                .withSeed(7);
        Path file = dir.resolve("run.json");

        RunConfigJson.write(config, file);

        assertEquals(config, RunConfigJson.read(file));
        assertEquals(RunConfigJson.toJson(config), Files.readString(file));
    }

    @Test
    void fullMethodRoundTrips() throws Exception {
        RunConfig config = RunConfig.of("x", "m", "t").withMethod(new FullMethod());
        String json = RunConfigJson.toJson(config);

        assertTrue(json.contains("\"method\": {\n    \"type\": \"full\"\n  }"), json);
        assertEquals(config, RunConfigJson.parse(json));
    }

    @Test
    void writtenJsonHasEveryKeyAndTheSchemaVersion() {
        String json = RunConfigJson.toJson(RunConfig.of("x", "m", "t"));

        for (String key : List.of("\"schema_version\": 1", "\"output_dir\": null",
                "\"chat_template\": null", "\"validation\": null", "\"type\": \"lora\"",
                "\"init_adapter\": null", "\"max_grad_norm\": 1.0", "\"log_every\": 1",
                "\"probe_prompts\": []", "\"keep_last\": 2", "\"seed\": 42")) {
            assertTrue(json.contains(key), key + " missing from\n" + json);
        }
    }

    @Test
    void writeReplacesTheOldFileAndLeavesNoTempFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        RunConfigJson.write(RunConfig.of("a", "m", "t"), file);
        RunConfigJson.write(RunConfig.of("b", "m", "t"), file);

        assertEquals("b", RunConfigJson.read(file).name());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void rejectsUnknownTopLevelKeyByName() {
        RunConfigException e = parseFails(minimalWith("\"seeed\": 1"));

        assertEquals("seeed", e.key());
        assertTrue(e.getMessage().startsWith("unknown key 'seeed' (known: schema_version, name,"),
                e.getMessage());
    }

    @Test
    void rejectsUnknownNestedKeyListingTheKnownOnes() {
        RunConfigException e = parseFails(minimalWith("\"optim\": {\"learning_rte\": 1}"));

        assertEquals("unknown key 'optim.learning_rte' (known: lr, weight_decay, beta1, beta2,"
                + " eps, max_grad_norm, paged)", e.getMessage());
    }

    @Test
    void rejectsUnknownKeyInsideMethodForItsType() {
        assertEquals("method.rank",
                parseFails(minimalWith("\"method\": {\"type\": \"lora\", \"rank\": 4}")).key());
        assertEquals("unknown key 'method.r' (known: type)",
                parseFails(minimalWith("\"method\": {\"type\": \"full\", \"r\": 4}")).getMessage());
    }

    @Test
    void pointsPythonTrainerNamesToOurs() {
        RunConfigException e = parseFails(minimalWith("\"learning_rate\": 1e-4"));

        assertTrue(e.getMessage().startsWith("unknown key 'learning_rate': Tunebench calls it"
                + " 'optim.lr'"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyAndTheValue() {
        RunConfigException e = parseFails(minimalWith("\"schedule\": {\"max_steps\": \"ten\"}"));

        assertEquals("schedule.max_steps", e.key());
        assertEquals("'schedule.max_steps' must be an integer, got \"ten\"", e.getMessage());
        assertEquals("'method.r' must be an integer, got 8.5",
                parseFails(minimalWith("\"method\": {\"r\": 8.5}")).getMessage());
        assertEquals("'data.packing' must be true or false, got 1",
                parseFails("{\"data\": {\"train\": \"t\", \"packing\": 1}}").getMessage());
        assertEquals("'optim.lr' must be a number, got null",
                parseFails(minimalWith("\"optim\": {\"lr\": null}")).getMessage());
        assertEquals("'eval.probe_prompts[1]' must be a string, got {}",
                parseFails(minimalWith("\"eval\": {\"probe_prompts\": [\"a\", {}]}")).getMessage());
        assertEquals("'optim' must be an object, got null",
                parseFails(minimalWith("\"optim\": null")).getMessage());
    }

    @Test
    void refusesNewerSchemaVersion() {
        RunConfigException e = parseFails(minimalWith("\"schema_version\": 2"));

        assertEquals("schema_version", e.key());
        assertTrue(e.getMessage().contains("schema_version 2, from a newer Tunebench"),
                e.getMessage());
        assertEquals("schema_version", parseFails(minimalWith("\"schema_version\": \"1\"")).key());
    }

    @Test
    void refusesUnknownMethodTypes() {
        RunConfigException e = parseFails(minimalWith("\"method\": {\"type\": \"lorra\"}"));
        assertEquals("method.type", e.key());
        assertTrue(e.getMessage().contains("unknown method type 'lorra' (known: lora, qlora, full, dpo, reward)"),
                e.getMessage());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        assertTrue(parseFails("{\n  \"name\": }").getMessage().startsWith(
                "not valid JSON at line 2, column 11"));
        assertTrue(parseFails(minimalWith("\"name\": \"y\"")).getMessage()
                .contains("Duplicate field 'name'"));
        assertNull(parseFails("[]").key());
        assertNull(parseFails("").key());
    }

    @Test
    void readErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, minimalWith("\"optim\": {\"lr\": \"fast\"}"));

        RunConfigException e = assertThrows(RunConfigException.class,
                () -> RunConfigJson.read(file));
        assertEquals(file + ": 'optim.lr' must be a number, got \"fast\"", e.getMessage());
        assertEquals("optim.lr", e.key());
        IOException missing = assertThrows(IOException.class,
                () -> RunConfigJson.read(dir.resolve("none.json")));
        assertInstanceOf(NoSuchFileException.class, missing);
        assertTrue(missing.getMessage().contains("none.json"));
    }
}
