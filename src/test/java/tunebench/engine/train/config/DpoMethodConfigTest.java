package tunebench.engine.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dpo method in run configs: TRL's key names, defaults, round trip and validation. */
class DpoMethodConfigTest {

    private static final String BASE = "{\"name\": \"d\", \"model\": {\"path\": \"m\"},"
            + " \"data\": {\"train\": \"p.jsonl\"}, \"method\": %s}";

    private static RunConfig parse(String method) throws RunConfigException {
        return RunConfigJson.parse(String.format(BASE, method));
    }

    private static Set<String> problemKeys(RunConfig c) {
        return c.validate().stream().map(ConfigProblem::key).collect(Collectors.toSet());
    }

    @Test
    void missingKeysTakeTrlDefaults() throws Exception {
        DpoMethod m = (DpoMethod) parse("{\"type\": \"dpo\"}").method();
        assertEquals(DpoMethod.defaults(), m);
        assertEquals(0.1, m.beta());
        assertEquals("sigmoid", m.lossType());
        assertTrue(m.disableDropout());
        assertEquals(DpoMethod.LORA, m.adapter());
        assertNull(m.initAdapter());
        assertEquals(0.0, m.rpoAlpha()); // TRL's None: no RPO term
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        RunConfig c = parse("{\"type\": \"dpo\", \"beta\": 0.25, \"loss_type\": \"ipo\","
                + " \"init_adapter\": \"runs/sft-lora/adapter\", \"r\": 4, \"max_prompt_length\": 64,"
                + " \"rpo_alpha\": 1.0}");
        assertEquals(1.0, ((DpoMethod) c.method()).rpoAlpha());
        assertEquals(c, RunConfigJson.parse(RunConfigJson.toJson(c)));
        String json = RunConfigJson.toJson(c);
        for (String key : List.of("\"beta\"", "\"loss_type\"", "\"label_smoothing\"",
                "\"max_prompt_length\"", "\"init_adapter\"", "\"disable_dropout\"", "\"adapter\"",
                "\"rpo_alpha\"")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertTrue(c.validate().isEmpty(), c.validate().toString());
    }

    @Test
    void theSampleConfigReadsAndValidates() throws Exception {
        RunConfig c = RunConfigJson.read(Path.of("sample-data/runs/dpo.json"));
        DpoMethod m = (DpoMethod) c.method();
        assertEquals("runs/sft-lora/adapter", m.initAdapter());
        assertTrue(c.validate().isEmpty(), c.validate().toString());
    }

    @Test
    void refusesUnknownKeysByName() {
        RunConfigException e = assertThrows(RunConfigException.class,
                () -> parse("{\"type\": \"dpo\", \"betta\": 0.2}"));
        assertEquals("method.betta", e.key());
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }

    @Test
    void switchingToDpoByOverrideStartsFromItsDefaults() throws Exception {
        RunConfig c = RunConfigJson.applyOverrides(RunConfig.of("x", "m", "t"),
                List.of("method.type=dpo", "method.beta=0.5"));
        assertEquals(0.5, ((DpoMethod) c.method()).beta());
    }

    @Test
    void validationNamesEveryBadKey() throws Exception {
        RunConfig c = parse("{\"type\": \"dpo\", \"beta\": 0, \"loss_type\": \"sigmoidal\","
                + " \"label_smoothing\": 0.7, \"max_prompt_length\": 0, \"r\": 0, \"rpo_alpha\": -1}");
        assertEquals(Set.of("method.beta", "method.loss_type", "method.label_smoothing",
                "method.max_prompt_length", "method.r", "method.rpo_alpha"), problemKeys(c));
        assertEquals(Set.of("method.label_smoothing"),
                problemKeys(parse("{\"type\": \"dpo\", \"loss_type\": \"ipo\", \"label_smoothing\": 0.1}")));
        assertEquals(Set.of("method.adapter"), problemKeys(parse("{\"type\": \"dpo\", \"adapter\": \"qlora\"}")));
        assertEquals(Set.of("method.init_adapter"),
                problemKeys(parse("{\"type\": \"dpo\", \"adapter\": \"full\", \"init_adapter\": \"a\"}")));
        // the prompt's share must leave the replies room inside data.max_length
        RunConfig tight = parse("{\"type\": \"dpo\", \"max_prompt_length\": 512}");
        assertEquals(Set.of("method.max_prompt_length"), problemKeys(tight));
    }

    @Test
    void disableDropoutZeroesTheAdaptersDropout() throws Exception {
        DpoMethod m = (DpoMethod) parse("{\"type\": \"dpo\", \"dropout\": 0.1}").method();
        assertEquals(0.0, m.lora().dropout());
        DpoMethod kept = (DpoMethod) parse("{\"type\": \"dpo\", \"dropout\": 0.1,"
                + " \"disable_dropout\": false}").method();
        assertEquals(0.1, kept.lora().dropout());
    }
}
