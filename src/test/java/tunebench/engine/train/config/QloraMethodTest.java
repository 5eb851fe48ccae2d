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
import tunebench.engine.quant.QuantSpec;

/** The qlora method in run configs: JSON keys, defaults, overrides and validation. */
class QloraMethodTest {

    private static RunConfig parse(String method) throws RunConfigException {
        return RunConfigJson.parse(RunConfigJsonTest.minimalWith("\"method\": " + method));
    }

    @Test
    void aQloraSectionTakesLoraKeysPlusStorageKeys() throws Exception {
        RunConfig config = parse("{\"type\": \"qlora\", \"r\": 16, \"alpha\": 32,"
                + " \"target_modules\": \"all-linear\", \"double_quant\": false}");
        QloraMethod q = assertInstanceOf(QloraMethod.class, config.method());
        assertEquals(QloraMethod.defaults().withR(16).withAlpha(32)
                .withTargetModules(List.of("all-linear")).withDoubleQuant(false), q);
        assertEquals(new QuantSpec("nf4", false, 64), q.quantSpec());
        assertEquals(LoraMethod.defaults().withR(16).withAlpha(32)
                .withTargetModules(List.of("all-linear")), q.lora());
        assertEquals(2.0, q.scaling());
        assertEquals(List.of(), config.validate());
    }

    @Test
    void roundTripsWithEveryKeyWritten() throws Exception {
        RunConfig config = RunConfig.of("x", "m", "t").withMethod(QloraMethod.defaults().withR(4));
        String json = RunConfigJson.toJson(config);
        for (String key : List.of("\"type\" : \"qlora\"", "\"quant_type\" : \"nf4\"",
                "\"double_quant\" : true", "\"compute_dtype\" : \"float32\"", "\"r\" : 4")) {
            assertTrue(json.replace("\": ", "\" : ").contains(key), key + " in " + json);
        }
        assertEquals(config, RunConfigJson.parse(json));
    }

    @Test
    void switchingTypeOnTheCommandLineStartsFromQloraDefaults() throws Exception {
        RunConfig lora = RunConfig.of("x", "m", "t").withMethod(LoraMethod.defaults().withR(32));
        RunConfig q = RunConfigJson.applyOverrides(lora, List.of("method.type=qlora",
                "method.double_quant=false"));
        assertEquals(QloraMethod.defaults().withDoubleQuant(false), q.method());
        assertEquals(QloraMethod.defaults(), Method.defaultsFor("qlora"));
        assertTrue(Method.TYPES.contains("qlora"));
    }

    @Test
    void everyProblemIsReportedByItsKey() {
        RunConfig config = RunConfig.of("x", "m", "t").withMethod(QloraMethod.defaults().withR(0)
                .withQuantType("fp4").withComputeDtype("bfloat16"));
        Set<String> keys = config.validate().stream().map(ConfigProblem::key)
                .collect(Collectors.toSet());
        assertEquals(Set.of("method.r", "method.quant_type", "method.compute_dtype"), keys);
        String messages = config.validate().toString();
        assertTrue(messages.contains("NF4 better than FP4"), messages);
        assertTrue(messages.contains("bfloat16"), messages);
    }

    @Test
    void bitsandbytesKeyNamesAreRefusedByName() {
        RunConfigException e = assertThrows(RunConfigException.class,
                () -> parse("{\"type\": \"qlora\", \"bnb_4bit_use_double_quant\": true}"));
        assertTrue(e.getMessage().contains("bnb_4bit_use_double_quant"), e.getMessage());
    }

    @Test
    void theSampleQloraRunIsValidAndMatchesTheLoraSampleExceptForTheMethod() throws Exception {
        RunConfig qlora = RunConfigJson.read(Path.of("sample-data", "runs", "qlora.json"));
        RunConfig lora = RunConfigJson.read(Path.of("sample-data", "runs", "sft-lora.json"));
        assertEquals(List.of(), qlora.validate());
        QloraMethod q = assertInstanceOf(QloraMethod.class, qlora.method());
        assertEquals(lora.method(), q.lora());
        assertEquals(lora.withName("qlora").withMethod(q), qlora);
    }
}
