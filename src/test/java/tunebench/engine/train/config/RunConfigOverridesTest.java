package tunebench.engine.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CLI {@code --set key=value} overrides on a resolved config. */
class RunConfigOverridesTest {

    static final RunConfig BASE = RunConfig.of("x", "m", "t.jsonl");

    static RunConfig set(RunConfig config, String... sets) throws RunConfigException {
        return RunConfigJson.applyOverrides(config, List.of(sets));
    }

    static RunConfigException setFails(String... sets) {
        return assertThrows(RunConfigException.class, () -> set(BASE, sets));
    }

    @Test
    void setsNumbersStringsListsAndPaths() throws Exception {
        RunConfig config = set(BASE, "optim.lr=5e-5", "schedule.max_steps=10", "method.r=16",
                "output_dir=/tmp/x", "eval.probe_prompts=[\"a\",\"b\"]", "data.packing=true",
                "seed=7", "schedule.type=linear", "model.chat_template=\"chatml\"");

        assertEquals(BASE.optim().withLr(5e-5), config.optim());
        assertEquals(BASE.schedule().withMaxSteps(10).withType("linear"), config.schedule());
        assertEquals(LoraMethod.defaults().withR(16), config.method());
        assertEquals("/tmp/x", config.outputDir());
        assertEquals("/tmp/x", config.runDir());
        assertEquals(List.of("a", "b"), config.eval().probePrompts());
        assertEquals(true, config.data().packing());
        assertEquals(7, config.seed());
        assertEquals("chatml", config.model().chatTemplate());
    }

    @Test
    void noOverridesChangeNothing() throws Exception {
        assertEquals(BASE, set(BASE));
    }

    @Test
    void valueThatIsNotJsonIsAString() throws Exception {
        assertEquals("123", set(BASE, "name=123").name());
        assertEquals("run a=b", set(BASE, "name=run a=b").name());
        assertEquals("", set(BASE, "name=").name());
    }

    @Test
    void nullClearsANullableKey() throws Exception {
        RunConfig withDir = BASE.withOutputDir("/tmp/x");

        assertEquals(null, set(withDir, "output_dir=null").outputDir());
    }

    @Test
    void switchingMethodTypeStartsFromThatTypesDefaults() throws Exception {
        RunConfig full = set(BASE, "method.r=64", "method.type=full");
        assertEquals(new FullMethod(), full.method());

        RunConfig lora = set(full, "method.type=lora", "method.alpha=32");
        assertEquals(LoraMethod.defaults().withAlpha(32), lora.method());
    }

    @Test
    void keysOfTheOldMethodAreUnknownAfterASwitch() {
        RunConfigException e = setFails("method.type=full", "method.r=16");

        assertEquals("method.r", e.key());
        assertEquals("unknown key 'method.r' (known: type)", e.getMessage());
    }

    @Test
    void loraTargetsAllLinearFromAPlainString() throws Exception {
        LoraMethod lora = (LoraMethod) set(BASE, "method.target_modules=all-linear").method();

        assertEquals(List.of("all-linear"), lora.targetModules());
        assertTrue(lora.targetsAllLinear());
    }

    @Test
    void validationFileOverrideDropsTheDefaultSplit() throws Exception {
        RunConfig config = set(BASE, "data.validation=v.jsonl");

        assertEquals(0.0, config.data().validationSplit());
        assertEquals(List.of(), config.validate());
    }

    @Test
    void rejectsUnknownKeysNamingThem() {
        RunConfigException e = setFails("optim.learning_rte=1");
        assertEquals("optim.learning_rte", e.key());
        assertEquals("unknown key 'optim.learning_rte' (known: lr, weight_decay, beta1, beta2,"
                + " eps, max_grad_norm, paged)", e.getMessage());

        assertEquals("nope", setFails("nope=1").key());
        assertEquals("seed.x", setFails("seed.x=1").key());
        assertEquals("model.", setFails("model.=1").key());
    }

    @Test
    void wrongTypeNamesTheKey() {
        RunConfigException e = setFails("schedule.max_steps=ten");

        assertEquals("'schedule.max_steps' must be an integer, got \"ten\"", e.getMessage());
        assertEquals("'method.r' must be an integer, got 1.5",
                setFails("method.r=1.5").getMessage());
    }

    @Test
    void rejectsASetWithoutEquals() {
        assertTrue(setFails("optim.lr").getMessage().contains("key=value"));
        assertTrue(setFails("=3").getMessage().contains("key=value"));
    }

    @Test
    void rangeProblemsAreLeftToValidate() throws Exception {
        RunConfig config = set(BASE, "optim.lr=0", "schedule.batch_size=0");

        assertEquals(List.of("optim.lr", "schedule.batch_size"),
                config.validate().stream().map(ConfigProblem::key).toList());
    }
}
