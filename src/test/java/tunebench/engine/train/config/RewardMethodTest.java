package tunebench.engine.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reward method in run configs: flat LoRA keys, defaults, overrides and validation. */
class RewardMethodTest {

    private static RunConfig parse(String method) throws RunConfigException {
        return RunConfigJson.parse(RunConfigJsonTest.minimalWith("\"method\": " + method));
    }

    @Test
    void aRewardSectionTakesFlatLoraKeys() throws Exception {
        RunConfig config = parse("{\"type\": \"reward\", \"r\": 16, \"alpha\": 32,"
                + " \"target_modules\": \"all-linear\", \"init_adapter\": \"runs/sft-lora/adapter\"}");
        RewardMethod m = assertInstanceOf(RewardMethod.class, config.method());
        assertEquals(LoraMethod.defaults().withR(16).withAlpha(32)
                .withTargetModules(List.of("all-linear")).withInitAdapter("runs/sft-lora/adapter"),
                m.lora());
        assertEquals(List.of(), config.validate());
    }

    @Test
    void roundTripsAndSwitchesFromTheCommandLine() throws Exception {
        RunConfig config = RunConfig.of("x", "m", "t").withMethod(RewardMethod.defaults().withR(4));
        String json = RunConfigJson.toJson(config);
        assertTrue(json.replace("\": ", "\" : ").contains("\"type\" : \"reward\""), json);
        assertEquals(config, RunConfigJson.parse(json));
        RunConfig switched = RunConfigJson.applyOverrides(RunConfig.of("x", "m", "t"),
                List.of("method.type=reward", "method.r=4"));
        assertEquals(RewardMethod.defaults().withR(4), switched.method());
        assertEquals(RewardMethod.defaults(), Method.defaultsFor("reward"));
        assertTrue(Method.TYPES.contains("reward"));
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        RunConfigException e = assertThrows(RunConfigException.class,
                () -> parse("{\"type\": \"reward\", \"beta\": 0.1}"));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        RunConfig bad = RunConfig.of("x", "m", "t").withMethod(RewardMethod.withLora(
                LoraMethod.defaults().withR(0).withDropout(1.5)));
        Set<String> keys = bad.validate().stream().map(ConfigProblem::key).collect(Collectors.toSet());
        assertTrue(keys.containsAll(Set.of("method.r", "method.dropout")), keys.toString());
    }

    @Test
    void theSampleRewardConfigParses() throws Exception {
        RunConfig config = RunConfigJson.read(Path.of("sample-data/runs/reward.json"));
        assertInstanceOf(RewardMethod.class, config.method());
        assertEquals(List.of(), config.validate());
    }
}
