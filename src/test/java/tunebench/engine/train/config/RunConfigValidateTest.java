package tunebench.engine.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** validate() reports every problem with its key; constructors refuse only the impossible. */
class RunConfigValidateTest {

    static final RunConfig OK = RunConfig.of("x", "m", "t.jsonl");

    static List<String> keys(RunConfig config) {
        return config.validate().stream().map(ConfigProblem::key).toList();
    }

    @Test
    void defaultsAreValid() {
        assertEquals(List.of(), OK.validate());
    }

    @Test
    void reportsEveryProblemAtOnceWithItsKey() {
        RunConfig bad = RunConfig.of("", null, " ")
                .withOptim(OptimSpec.defaults().withLr(0))
                .withSchedule(new ScheduleSpec("step", 1.0, 0, 1, 0, 0, 1, 1))
                .withMethod(LoraMethod.defaults().withR(0).withTargetModules(List.of()))
                .withCheckpoint(CheckpointSpec.defaults().withKeepLast(0));

        assertEquals(List.of("name", "model.path", "data.train", "method.r",
                "method.target_modules", "optim.lr", "schedule.type", "schedule.warmup_ratio",
                "schedule.max_steps", "schedule.batch_size", "checkpoint.keep_last"), keys(bad));
    }

    @Test
    void messagesSayWhatIsWrong() {
        RunConfig bad = OK.withOptim(OptimSpec.defaults().withLr(-1));

        assertEquals(List.of(new ConfigProblem("optim.lr", "must be > 0, got -1.0")),
                bad.validate());
        assertEquals("optim.lr: must be > 0, got -1.0", bad.validate().get(0).toString());
    }

    @Test
    void epochsMatterOnlyWhenMaxStepsIsUnset() {
        ScheduleSpec noEpochs = ScheduleSpec.defaults().withEpochs(0);

        assertEquals(List.of("schedule.epochs"), keys(OK.withSchedule(noEpochs)));
        assertEquals(List.of(), keys(OK.withSchedule(noEpochs.withMaxSteps(10))));
        assertEquals(List.of("schedule.max_steps"),
                keys(OK.withSchedule(ScheduleSpec.defaults().withMaxSteps(-2))));
    }

    @Test
    void warmupStepsWinOverRatio() {
        ScheduleSpec schedule = ScheduleSpec.defaults();

        assertEquals(3, schedule.warmupStepsFor(100));
        assertEquals(5, schedule.withWarmupSteps(5).warmupStepsFor(100));
        assertEquals(List.of("schedule.warmup_steps"),
                keys(OK.withSchedule(schedule.withWarmupSteps(10).withMaxSteps(10))));
    }

    @Test
    void checksRangesOfEverySection() {
        RunConfig bad = OK
                .withModel(new ModelSpec("m", "vicuna", "tpu", false))
                .withData(new DataSpec("t", "v", 0.2, 0, false, false, null, null))
                .withMethod(new LoraMethod(8, 0, 1.0, List.of("q_proj"), false, ""))
                .withOptim(new OptimSpec(1e-4, -1, 1.0, 0.999, 0, -1, false))
                .withEval(new EvalSpec(-1, List.of(), 0))
                .withCheckpoint(new CheckpointSpec(-1, 1));

        assertEquals(List.of("model.chat_template", "model.device", "data.validation_split",
                "data.max_length", "method.alpha", "method.dropout", "method.init_adapter",
                "optim.weight_decay", "optim.beta1", "optim.eps", "optim.max_grad_norm",
                "eval.every_steps", "eval.probe_max_new_tokens", "checkpoint.every_steps"),
                keys(bad));
    }

    @Test
    void acceptsDeviceNames() {
        for (String device : List.of("cpu", "cuda", "cuda:1", "gpu", "gpu:0")) {
            assertEquals(List.of(), OK.withModel(OK.model().withDevice(device)).validate(), device);
        }
    }

    @Test
    void loraAllLinearMustStandAlone() {
        LoraMethod allLinear = LoraMethod.defaults().withTargetModules(List.of("all-linear"));
        assertTrue(allLinear.targetsAllLinear());
        assertFalse(LoraMethod.defaults().targetsAllLinear());
        assertEquals(List.of(), OK.withMethod(allLinear).validate());

        LoraMethod mixed = allLinear.withTargetModules(List.of("all-linear", "q_proj"));
        assertEquals(List.of("method.target_modules"), keys(OK.withMethod(mixed)));
    }

    @Test
    void commaJoinedModulesGetAHint() {
        LoraMethod joined = LoraMethod.defaults().withTargetModules(List.of("q_proj,v_proj"));

        ConfigProblem problem = OK.withMethod(joined).validate().get(0);
        assertTrue(problem.message().contains("give a list"), problem.message());
    }

    @Test
    void loraScalingFollowsRsLora() {
        LoraMethod lora = LoraMethod.defaults().withR(16).withAlpha(32);

        assertEquals(2.0, lora.scaling());
        assertEquals(8.0, lora.withUseRslora(true).scaling());
    }

    @Test
    void validationFileAndSplitTogetherIsAProblem() {
        DataSpec both = DataSpec.of("t").withValidation("v").withValidationSplit(0.1);

        assertEquals(List.of("data.validation_split"), keys(OK.withData(both)));
        assertEquals(0.1, both.withValidation(null).validationSplit());
    }

    @Test
    void nameMustNotEscapeTheRunsFolderUnlessOutputDirIsSet() {
        assertEquals(List.of("name"), keys(OK.withName("../etc")));
        assertEquals(List.of(), keys(OK.withName("a/b").withOutputDir("/tmp/a")));
        assertEquals(List.of("output_dir"), keys(OK.withOutputDir(" ")));
    }

    @Test
    void constructorsRefuseOnlyTheImpossible() {
        assertThrows(NullPointerException.class, () -> OK.withOptim(null));
        assertThrows(NullPointerException.class, () -> OK.withMethod(null));
        assertThrows(NullPointerException.class,
                () -> LoraMethod.defaults().withTargetModules(null));
        assertThrows(IllegalArgumentException.class, () -> new RunConfig(2, "x", null,
                OK.model(), OK.data(), OK.method(), OK.optim(), OK.schedule(), OK.eval(),
                OK.checkpoint(), 1));
        // Out of range, but a form may hold it while the user types.
        OK.withSchedule(new ScheduleSpec("?", -1, -1, -1, -5, -1, -1, -1));
    }

    @Test
    void listsAreCopied() {
        List<String> prompts = new java.util.ArrayList<>(List.of("a"));
        EvalSpec eval = EvalSpec.defaults().withProbePrompts(prompts);
        prompts.add("b");

        assertEquals(List.of("a"), eval.probePrompts());
        assertThrows(UnsupportedOperationException.class, () -> eval.probePrompts().add("c"));
    }
}
