package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fair_acc.dataset.DataSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.StepMetrics;

/** DPO's rewards and accuracy on the monitor, live and overlaid, without a toolkit. */
class DpoMonitorTest {

    @TempDir
    Path tmp;

    private final RunMonitor monitor = new RunMonitor(Runnable::run, (task, delay) -> {});
    private final RunListener listener = monitor.listener();

    /** A step as DpoRecipe reports it: TRL's metric names in the extras. */
    private static StepMetrics dpoStep(int step, double chosen, double rejected, double accuracy) {
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("rewards/chosen", chosen);
        extra.put("rewards/rejected", rejected);
        extra.put("rewards/accuracies", accuracy);
        extra.put("rewards/margins", chosen - rejected);
        extra.put("logps/chosen", -110.0);
        extra.put("logps/rejected", -496.0);
        return new StepMetrics(step, 10, step / 10.0, 0.69, 1e-4, 1.0, 500, step, extra);
    }

    private static double[] column(DataSet d, int dim) {
        double[] out = new double[d.getDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(dim, i);
        }
        return out;
    }

    @Test
    void liveStepsAndEvaluationsDrawRewardsAndAccuracy() {
        monitor.startLive("dpo");
        listener.stepCompleted(dpoStep(1, 0.0, 0.0, 0.0));
        listener.stepCompleted(dpoStep(2, -0.19, -0.65, 0.875));
        monitor.flush();
        listener.stepCompleted(dpoStep(3, -0.48, -2.57, 1.0));
        listener.evalCompleted(new EvalMetrics(3, 0.0048, Double.NaN, List.of(), Map.of(
                "eval_rewards/chosen", 0.19, "eval_rewards/rejected", -14.2,
                "eval_rewards/accuracies", 1.0, "eval_rewards/margins", 14.4)));
        monitor.flush();

        CurveSet c = monitor.liveCurves();
        assertArrayEquals(new double[] {1, 2, 3}, column(c.chosen, DataSet.DIM_X));
        assertArrayEquals(new double[] {0.0, -0.19, -0.48}, column(c.chosen, DataSet.DIM_Y));
        assertArrayEquals(new double[] {0.0, -0.65, -2.57}, column(c.rejected, DataSet.DIM_Y));
        assertArrayEquals(new double[] {0.0, 0.875, 1.0}, column(c.accuracy, DataSet.DIM_Y));
        assertArrayEquals(new double[] {3}, column(c.evalChosen, DataSet.DIM_X));
        assertArrayEquals(new double[] {0.19}, column(c.evalChosen, DataSet.DIM_Y));
        assertArrayEquals(new double[] {-14.2}, column(c.evalRejected, DataSet.DIM_Y));
        assertArrayEquals(new double[] {1.0}, column(c.evalAccuracy, DataSet.DIM_Y));
        assertEquals(1, c.evalLoss.getDataCount());
        assertEquals(0, c.evalPpl.getDataCount(), "DPO's NaN perplexity adds no point");
    }

    @Test
    void supervisedStepsLeaveThePreferenceCurvesEmpty() {
        monitor.startLive("sft");
        listener.stepCompleted(new StepMetrics(1, 10, 0.1, 2.0, 1e-4, 1.0, 500, 1));
        listener.evalCompleted(new EvalMetrics(1, 1.9, 6.7, List.of()));
        monitor.flush();
        CurveSet c = monitor.liveCurves();
        assertEquals(1, c.loss.getDataCount());
        assertEquals(1, c.evalPpl.getDataCount());
        for (DataSet d : List.of(c.chosen, c.rejected, c.accuracy, c.evalChosen, c.evalRejected,
                c.evalAccuracy)) {
            assertEquals(0, d.getDataCount(), d.getName());
        }
    }

    @Test
    void aPastDpoRunOverlaysItsRewardsAndAccuracy() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("dpo"));
        // lines as Loop writes them for DPO (runs/dpo/metrics.jsonl, shortened)
        Files.writeString(run.resolve("metrics.jsonl"), String.join("\n",
                "{\"step\":1,\"epoch\":0.008,\"loss\":0.6931471824645996,\"lr\":0.0,\"grad_norm\":15.54,"
                        + "\"tokens_per_s\":66.6,\"elapsed_s\":12.7,\"rewards/chosen\":0.0,"
                        + "\"rewards/rejected\":0.0,\"rewards/accuracies\":0.0,\"rewards/margins\":0.0,"
                        + "\"logps/chosen\":-110.9,\"logps/rejected\":-496.1,\"logits/chosen\":-0.97,"
                        + "\"logits/rejected\":-0.66}",
                "{\"step\":2,\"epoch\":0.016,\"loss\":0.5019,\"lr\":1.25E-4,\"grad_norm\":12.9,"
                        + "\"tokens_per_s\":554.3,\"elapsed_s\":18.0,\"rewards/chosen\":-0.1877,"
                        + "\"rewards/rejected\":-0.6460,\"rewards/accuracies\":0.875,"
                        + "\"rewards/margins\":0.4583,\"logps/chosen\":-144.8,\"logps/rejected\":-423.3,"
                        + "\"logits/chosen\":-1.42,\"logits/rejected\":-1.07}",
                "{\"step\":2,\"eval_loss\":0.0048,\"eval_ppl\":\"NaN\",\"eval_rewards/chosen\":0.1947,"
                        + "\"eval_rewards/rejected\":-14.16,\"eval_rewards/accuracies\":0.9999999999999999,"
                        + "\"eval_rewards/margins\":14.35,\"eval_logps/chosen\":-137.1,"
                        + "\"eval_logps/rejected\":-630.2,\"probes\":[{\"prompt\":\"What is the capital"
                        + " of Japan?\",\"output\":\"The capital of Japan is Tokyo.\"}]}",
                ""));
        monitor.addOverlay(run);
        CurveSet c = monitor.overlays().get(0).curves();
        assertArrayEquals(new double[] {0.0, -0.1877}, column(c.chosen, DataSet.DIM_Y));
        assertArrayEquals(new double[] {0.0, -0.6460}, column(c.rejected, DataSet.DIM_Y));
        assertArrayEquals(new double[] {0.0, 0.875}, column(c.accuracy, DataSet.DIM_Y));
        assertArrayEquals(new double[] {0.1947}, column(c.evalChosen, DataSet.DIM_Y));
        assertArrayEquals(new double[] {-14.16}, column(c.evalRejected, DataSet.DIM_Y));
        assertArrayEquals(new double[] {2}, column(c.evalAccuracy, DataSet.DIM_X));
        assertEquals(0, c.evalPpl.getDataCount());
        assertEquals("dpo · chosen reward", c.chosen.getName());
    }
}
