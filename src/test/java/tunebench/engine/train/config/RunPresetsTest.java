package tunebench.engine.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presets against the sample recipes they claim to be. */
class RunPresetsTest {

    private static RunConfig sample(String file) throws Exception {
        return RunConfigJson.read(Path.of("sample-data/runs", file));
    }

    @Test
    void loraPresetOverTheFullSampleIsTheLoraSample() throws Exception {
        RunConfig full = sample("sft-full.json");
        RunConfig lora = RunPresets.LORA_ALL_LINEAR.applyTo(full);
        assertEquals(sample("sft-lora.json").withName(full.name()), lora);
    }

    @Test
    void fullPresetOverTheLoraSampleIsTheFullSample() throws Exception {
        RunConfig lora = sample("sft-lora.json");
        RunConfig full = RunPresets.FULL.applyTo(lora);
        assertEquals(sample("sft-full.json").withName(lora.name()), full);
    }

    @Test
    void everyPresetKeepsNameModelDataPromptsAndSeed() throws Exception {
        RunConfig mine = sample("sft-lora.json").withName("mine").withOutputDir("/tmp/mine")
                .withModel(ModelSpec.of("/models/x").withChatTemplate("chatml"))
                .withData(DataSpec.of("/data/train.jsonl").withMaxLength(77).withPacking(true))
                .withEval(new EvalSpec(7, List.of("Hello?"), 9)).withSeed(3);
        for (RunPresets.Preset p : RunPresets.ALL) {
            RunConfig applied = p.applyTo(mine);
            assertEquals(List.of(), applied.validate(), p.name());
            assertEquals(mine.name(), applied.name(), p.name());
            assertEquals(mine.outputDir(), applied.outputDir(), p.name());
            assertEquals(mine.model(), applied.model(), p.name());
            assertEquals(mine.data(), applied.data(), p.name());
            assertEquals(mine.eval().probePrompts(), applied.eval().probePrompts(), p.name());
            assertEquals(9, applied.eval().probeMaxNewTokens(), p.name());
            assertEquals(3, applied.seed(), p.name());
        }
    }

    @Test
    void quickTestIsShortAndAttentionOnlyTargetsAttention() throws Exception {
        RunConfig quick = RunPresets.QUICK_TEST.applyTo(sample("sft-lora.json"));
        assertEquals(20, quick.schedule().maxSteps());
        assertEquals(0, quick.checkpoint().everySteps());
        LoraMethod attention = (LoraMethod) RunPresets.LORA_ATTENTION.method();
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj"), attention.targetModules());
        assertEquals(8, attention.r());
    }

    @Test
    void presetsAreFoundByNameAndNamesAreUnique() {
        assertEquals(RunPresets.FULL, RunPresets.named("full fine-tune (small models)").orElseThrow());
        assertTrue(RunPresets.named("no such preset").isEmpty());
        assertEquals(RunPresets.ALL.size(),
                RunPresets.ALL.stream().map(RunPresets.Preset::name).distinct().count());
    }
}
