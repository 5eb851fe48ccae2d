package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.app.monitor.EvalEntry.Change;
import tunebench.app.monitor.RunMonitor.Status;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.EvalMetrics.ProbeOutput;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;

/** The monitor's view-model without a toolkit: FX updates run inline, batches when flushed. */
class RunMonitorTest {

    @TempDir
    Path tmp;

    /** Never fires by itself: the test delivers with flush(), so every batch is deterministic. */
    private final RunMonitor monitor = new RunMonitor(Runnable::run, (task, delay) -> {});
    private final RunListener listener = monitor.listener();

    private static StepMetrics step(int step, int total, double loss, double elapsedS) {
        return new StepMetrics(step, total, step / 10.0, loss, 1e-3 * step, 0.5, 1000 + step, elapsedS);
    }

    private static RunInfo info(Path dir, int start, int total) {
        return new RunInfo(dir, start, total, 10, 8_000, 1_000_000, 120, 12, 0, 0, List.of());
    }

    private static double[] y(DataSet d) {
        double[] out = new double[d.getDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(DataSet.DIM_Y, i);
        }
        return out;
    }

    @Test
    void smoothingIsTensorBoardsDebiasedMovingAverage() {
        monitor.smoothingProperty().set(0.5);
        monitor.startLive("demo");
        listener.stepCompleted(step(1, 3, 1.0, 1));
        listener.stepCompleted(step(2, 3, 2.0, 2));
        monitor.flush();
        listener.stepCompleted(step(3, 3, 3.0, 3));
        monitor.flush();
        // by hand: ema 0.5, 1.25, 2.125; divided by 1 - 0.5^n = 0.5, 0.75, 0.875
        double[] expected = {1.0, 1.25 / 0.75, 2.125 / 0.875};
        assertArrayEquals(expected, y(monitor.liveCurves().smoothed));
        assertArrayEquals(new double[] {1, 2, 3}, y(monitor.liveCurves().loss));

        monitor.smoothingProperty().set(0);
        monitor.flush();
        assertArrayEquals(new double[] {1, 2, 3}, y(monitor.liveCurves().smoothed));
    }

    @Test
    void progressLineHasStepEpochSpeedAndEtaFromRecentSteps() {
        monitor.startLive("demo");
        listener.runStarted(info(tmp, 0, 100));
        for (int s = 1; s <= 10; s++) {
            listener.stepCompleted(step(s, 100, 2.0, s * 1.5)); // 1.5 s a step
        }
        monitor.flush();
        // 90 steps left at 1.5 s; tokens/s is the mean of steps 2..10 (1002..1010)
        assertEquals("step 10 / 100 · epoch 1.00 · 1,006 tok/s · ETA 2 min 15 s",
                monitor.progressTextProperty().get());
        assertEquals(0.1, monitor.progressProperty().get(), 1e-12);
        assertEquals("Training demo · step 10/100 · 2 min 15 s left", monitor.activityProperty().get().text());
    }

    @Test
    void aPauseNeitherSkewsTheEtaNorIsUndoneByAStrayResume() {
        monitor.startLive("demo");
        listener.runStarted(info(tmp, 0, 100));
        listener.runResumed(0); // a stray resume without a pause must not confuse the state
        listener.stepCompleted(step(1, 100, 2.0, 1));
        listener.stepCompleted(step(2, 100, 2.0, 2));
        listener.runPaused(2);
        monitor.flush();
        assertEquals(Status.PAUSED, monitor.statusProperty().get());
        assertEquals("Paused after step 2", monitor.statusTextProperty().get());
        assertFalse(monitor.progressTextProperty().get().contains("ETA"));

        listener.runResumed(2);
        listener.stepCompleted(step(3, 100, 2.0, 600)); // ten minutes paused in between
        listener.stepCompleted(step(4, 100, 2.0, 601));
        monitor.flush();
        assertEquals(Status.RUNNING, monitor.statusProperty().get());
        assertTrue(monitor.progressTextProperty().get().endsWith("ETA 1 min 36 s"),
                monitor.progressTextProperty().get());
    }

    @Test
    void evaluationsAddPointsAndMarkTheAnswersThatChanged() {
        monitor.startLive("demo");
        listener.evalCompleted(new EvalMetrics(5, 1.5, Math.exp(1.5),
                List.of(new ProbeOutput("2+2?", "5"), new ProbeOutput("hi?", "hello"))));
        listener.evalCompleted(new EvalMetrics(10, 1.2, Math.exp(1.2),
                List.of(new ProbeOutput("2+2?", "4"), new ProbeOutput("hi?", "hello"))));
        listener.evalCompleted(new EvalMetrics(15, Double.NaN, Double.NaN, List.of()));
        monitor.flush();

        assertArrayEquals(new double[] {1.5, 1.2}, y(monitor.liveCurves().evalLoss));
        assertArrayEquals(new double[] {Math.exp(1.5), Math.exp(1.2)}, y(monitor.liveCurves().evalPpl));
        List<EvalEntry> evals = monitor.evals();
        assertEquals(List.of(15, 10, 5), evals.stream().map(EvalEntry::step).toList(), "newest first");
        EvalEntry second = evals.get(1);
        assertEquals(Change.CHANGED, second.probes().get(0).change());
        assertEquals("5", second.probes().get(0).previous());
        assertEquals(Change.SAME, second.probes().get(1).change());
        assertEquals(Change.FIRST, evals.get(2).probes().get(0).change());
        assertEquals(1, second.changedCount());
    }

    @Test
    void finishingStoppingAndFailingAreSaidInWords() {
        monitor.startLive("demo");
        listener.runStarted(info(tmp, 0, 3));
        listener.stepCompleted(step(3, 3, 0.8125, 75));
        listener.checkpointSaved(3, tmp);
        listener.runFinished(new RunSummary(3, 0.8125, 75, tmp.resolve("adapter"), false));
        monitor.flush();
        assertEquals(Status.FINISHED, monitor.statusProperty().get());
        assertEquals("Finished: 3 steps in 1 min 15 s · final loss 0.8125", monitor.statusTextProperty().get());
        assertTrue(monitor.summaryTextProperty().get().startsWith("Finished 3 steps in 1 min 15 s."));
        assertTrue(monitor.summaryTextProperty().get().contains(tmp.resolve("adapter").toString()));
        assertEquals(1.0, monitor.progressProperty().get());
        assertNull(monitor.activityProperty().get(), "nothing running for the status bar");

        monitor.startLive("again");
        listener.runStarted(info(tmp, 0, 3));
        listener.stepCompleted(step(1, 3, 2, 1));
        listener.checkpointSaved(1, tmp);
        listener.runFinished(new RunSummary(1, 2, 1, null, true));
        monitor.flush();
        assertEquals("Stopped after step 1 · checkpoint saved", monitor.statusTextProperty().get());

        monitor.startLive("broken");
        listener.runFailed("Out of memory with batch_size 64.\nLower it.", new RuntimeException());
        monitor.flush();
        assertEquals(Status.FAILED, monitor.statusProperty().get());
        assertEquals("Failed: Out of memory with batch_size 64.", monitor.statusTextProperty().get());
        assertEquals("Out of memory with batch_size 64.\nLower it.", monitor.failureProperty().get());
    }

    @Test
    void startLiveClearsThePreviousRunButNotWhatItQueuedAfter() {
        monitor.startLive("first");
        listener.stepCompleted(step(1, 9, 3, 1));
        listener.evalCompleted(new EvalMetrics(1, 1, Math.E, List.of()));
        monitor.flush();
        monitor.startLive("second");
        listener.stepCompleted(step(1, 5, 7, 1));
        monitor.flush();
        assertArrayEquals(new double[] {7}, y(monitor.liveCurves().loss));
        assertEquals(0, monitor.liveCurves().evalLoss.getDataCount());
        assertTrue(monitor.evals().isEmpty());
        assertEquals("second", monitor.runNameProperty().get());
    }

    @Test
    void aRunStartedWithoutStartLiveStillStartsAfresh() {
        monitor.startLive("first");
        listener.runStarted(info(tmp.resolve("first"), 0, 1));
        listener.stepCompleted(step(1, 1, 3, 1));
        listener.runFinished(new RunSummary(1, 3, 1, null, false));
        monitor.flush();
        listener.runStarted(info(tmp.resolve("second"), 0, 2));
        listener.stepCompleted(step(1, 2, 5, 1));
        monitor.flush();
        assertEquals("second", monitor.runNameProperty().get());
        assertEquals(Status.RUNNING, monitor.statusProperty().get());
        assertArrayEquals(new double[] {5}, y(monitor.liveCurves().loss));
    }

    @Test
    void aResumedRunStartsItsChartsFromTheLinesBeforeItsCheckpoint() throws IOException {
        Files.writeString(tmp.resolve("metrics.jsonl"),
                "{\"step\":1,\"epoch\":0.1,\"loss\":4.0,\"lr\":0.0,\"grad_norm\":1.0,\"tokens_per_s\":10.0,\"elapsed_s\":1.0}\n"
                + "{\"step\":2,\"epoch\":0.2,\"loss\":3.0,\"lr\":0.1,\"grad_norm\":1.0,\"tokens_per_s\":10.0,\"elapsed_s\":2.0}\n");
        monitor.startLive("resumed");
        listener.runStarted(info(tmp, 2, 4));
        listener.stepCompleted(step(3, 4, 2.0, 3));
        monitor.flush();
        assertArrayEquals(new double[] {4, 3, 2}, y(monitor.liveCurves().loss));
        assertTrue(monitor.runInfoTextProperty().get().contains("resumed at step 2"));
    }

    @Test
    void overlaysLoadAPastRunAndKeepTheirColour() throws IOException {
        Path a = run("a", 4);
        Path b = run("b", 2);
        monitor.addOverlay(a);
        monitor.addOverlay(b);
        assertEquals(List.of("a", "b"), monitor.overlays().stream().map(Overlay::name).toList());
        assertEquals(4, monitor.overlays().get(0).curves().loss.getDataCount());
        assertEquals(1, monitor.overlays().get(0).curves().evalLoss.getDataCount());
        assertEquals(1, monitor.overlays().get(0).problems(), "the broken last line is counted");
        assertEquals("a", monitor.overlays().get(0).curves().smoothed.getName());
        assertTrue(monitor.hasCurves().get());

        monitor.removeOverlay(a);
        assertFalse(monitor.isOverlaid(a));
        monitor.addOverlay(a);
        assertEquals(0, monitor.overlays().get(1).colorIndex(), "a takes the free colour again");
        assertEquals(1, monitor.overlays().get(0).colorIndex(), "b keeps its colour");

        monitor.smoothingProperty().set(0);
        monitor.flush();
        assertArrayEquals(y(monitor.overlays().get(1).curves().loss), y(monitor.overlays().get(1).curves().smoothed));
        assertThrows(IOException.class, () -> monitor.addOverlay(tmp));
    }

    /** A run folder whose metrics.jsonl has steps 1..n, one evaluation and a torn last line. */
    private Path run(String name, int steps) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("runs").resolve(name));
        StringBuilder b = new StringBuilder();
        for (int s = 1; s <= steps; s++) {
            b.append("{\"step\":").append(s).append(",\"epoch\":0.5,\"loss\":").append(5.0 / s)
                    .append(",\"lr\":0.001,\"grad_norm\":1.0,\"tokens_per_s\":100.0,\"elapsed_s\":").append(s)
                    .append("}\n");
        }
        b.append("{\"step\":").append(steps).append(",\"eval_loss\":1.0,\"eval_ppl\":2.718,\"probes\":[]}\n");
        b.append("{\"step\":").append(steps + 1).append(",\"loss\":");
        Files.writeString(dir.resolve("metrics.jsonl"), b);
        return dir;
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-12);
    }
}
