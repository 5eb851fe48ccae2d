package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/**
 * The short CI version of the sample-data demo: SFT on the bundled model for a few steps, then
 * DPO from that adapter (sample-data/runs/dpo.json's recipe, shortened) on the sample
 * preference pairs. The loss must fall from ln 2 and the reward accuracy rise from 0.
 */
class DpoSampleDataTest {

    @TempDir
    Path tmp;

    @Test
    void dpoFromAnSftAdapterLearnsTheSamplePreferences() throws Exception {
        RunConfig sft = RunConfigJson.applyOverrides(
                RunConfigJson.read(Path.of("sample-data/runs/sft-lora.json")),
                List.of("output_dir=" + tmp.resolve("sft"), "schedule.max_steps=3",
                        "schedule.batch_size=8", "eval.every_steps=0", "eval.probe_prompts=[]"));
        Path adapter = TrainingRun.create(sft).run(RunListener.NONE).output();

        RunConfig dpo = RunConfigJson.applyOverrides(
                RunConfigJson.read(Path.of("sample-data/runs/dpo.json")),
                List.of("output_dir=" + tmp.resolve("dpo"), "method.init_adapter=" + adapter,
                        "schedule.max_steps=6", "schedule.batch_size=4", "schedule.warmup_ratio=0",
                        "eval.every_steps=0", "eval.probe_prompts=[]",
                        "data.validation=" + null, "data.validation_split=0"));
        List<StepMetrics> steps = new ArrayList<>();
        TrainingRun.create(dpo).run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                steps.add(m);
            }
        });
        // the sample recipe is RPO: loss = preference loss + rpo_alpha * nll_loss of the chosen
        double alpha = ((DpoMethod) dpo.method()).rpoAlpha();
        assertTrue(alpha > 0, "the sample recipe adds the chosen replies' NLL");
        assertEquals(Math.log(2), preferenceLoss(steps.get(0), alpha), 1e-5, "the reference is the SFT adapter");
        assertEquals(0, steps.get(0).extra("rewards/accuracies"));
        double lateLoss = (preferenceLoss(steps.get(4), alpha) + preferenceLoss(steps.get(5), alpha)) / 2;
        double lateAccuracy = (steps.get(4).extra("rewards/accuracies")
                + steps.get(5).extra("rewards/accuracies")) / 2;
        assertTrue(lateLoss < 0.5, "preference loss " + lateLoss);
        assertTrue(lateAccuracy >= 0.75, "accuracy " + lateAccuracy);
    }

    private static double preferenceLoss(StepMetrics m, double rpoAlpha) {
        return m.loss() - rpoAlpha * m.extra("nll_loss");
    }
}
