package tunebench.app.monitor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tunebench.app.monitor.RunMonitor.Status;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.StepMetrics;

/**
 * The live run as the pacer's thread knows it: its curves, speed and status, changed one
 * batch of {@link RunEvent}s at a time. Consecutive steps of a batch go to the datasets as one
 * array each; the texts are rebuilt once per batch into a {@link LiveState} for the FX thread.
 * Only ever touched by one thread at a time (the feed delivers one batch at a time).
 */
final class LiveRun {

    private final CurveSet curves;
    private final StepRate rate = new StepRate();
    private final RunTexts texts = new RunTexts();
    private final List<StepMetrics> pending = new ArrayList<>();
    private final List<EvalEntry> newEvals = new ArrayList<>();
    private boolean reset;
    private String runName = "";
    private Status status = Status.IDLE;
    private String failure = "";
    private StepMetrics lastStep;
    private int totalSteps;

    LiveRun(double smoothing) {
        this.curves = new CurveSet("", smoothing);
    }

    CurveSet curves() {
        return curves;
    }

    /** Applies a batch in order and returns how the run looks after it. */
    LiveState apply(List<RunEvent> batch, double smoothing) {
        for (RunEvent e : batch) {
            if (e instanceof RunEvent.Step s) {
                pending.add(s.metrics());
                continue;
            }
            flushSteps();
            applyOther(e, smoothing);
        }
        flushSteps();
        LiveState state = state();
        newEvals.clear();
        reset = false;
        return state;
    }

    private void applyOther(RunEvent event, double smoothing) {
        if (event instanceof RunEvent.Reset r) {
            reset(r.runName(), smoothing);
        } else if (event instanceof RunEvent.Backfill b) {
            curves.addHistory(b.history());
        } else if (event instanceof RunEvent.Started s) {
            started(s.info(), smoothing);
        } else if (event instanceof RunEvent.Eval e) {
            evaluated(e.metrics());
        } else if (event instanceof RunEvent.Checkpoint c) {
            texts.checkpoint = c.step();
        } else if (event instanceof RunEvent.Paused) {
            status = Status.PAUSED;
        } else if (event instanceof RunEvent.Resumed && status == Status.PAUSED) {
            // the engine reports a resume before every step; only one after a pause means anything
            status = Status.RUNNING;
            rate.gap();
        } else if (event instanceof RunEvent.Finished f) {
            texts.summary = f.summary();
            status = f.summary().stoppedEarly() ? Status.STOPPED : Status.FINISHED;
        } else if (event instanceof RunEvent.Failed f) {
            failure = f.message();
            status = Status.FAILED;
        }
    }

    /** A run that starts without startLive (a second run on the same listener) starts afresh. */
    private void started(RunInfo info, double smoothing) {
        if (status != Status.STARTING) {
            Path dir = info.runDir().getFileName();
            reset(dir == null ? info.runDir().toString() : dir.toString(), smoothing);
        }
        texts.info = info;
        totalSteps = info.totalSteps();
        status = Status.RUNNING;
    }

    private void reset(String name, double smoothing) {
        curves.clear(smoothing);
        rate.clear();
        texts.clear();
        pending.clear();
        newEvals.clear();
        reset = true;
        lastStep = null;
        totalSteps = 0;
        runName = name;
        failure = "";
        status = Status.STARTING;
    }

    private void evaluated(EvalMetrics m) {
        curves.addEval(m);
        EvalEntry entry = EvalEntry.of(m, texts.lastEval);
        newEvals.add(entry);
        texts.lastEval = entry;
    }

    private void flushSteps() {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        double[] x = new double[n];
        double[] loss = new double[n];
        double[] lr = new double[n];
        double[] grad = new double[n];
        double[] tps = new double[n];
        double[][] preference = new double[3][n]; // DPO's chosen, rejected, accuracy; NaN for SFT
        for (int i = 0; i < n; i++) {
            StepMetrics m = pending.get(i);
            preference[0][i] = m.extra(CurveSet.CHOSEN);
            preference[1][i] = m.extra(CurveSet.REJECTED);
            preference[2][i] = m.extra(CurveSet.ACCURACY);
            x[i] = m.step();
            loss[i] = m.loss();
            lr[i] = m.lr();
            grad[i] = m.gradNorm();
            tps[i] = m.tokensPerS();
            rate.stepCompleted(m.step(), m.elapsedS(), m.tokensPerS());
        }
        curves.addSteps(x, loss, lr, grad, tps);
        curves.addPreferenceSteps(x, preference[0], preference[1], preference[2]);
        lastStep = pending.get(n - 1);
        if (status == Status.IDLE || status == Status.STARTING) {
            status = Status.RUNNING; // steps mean it runs, even if its start was not heard
        }
        totalSteps = Math.max(totalSteps, lastStep.totalSteps());
        pending.clear();
    }

    private LiveState state() {
        int step = lastStep == null ? 0 : lastStep.step();
        double eta = rate.etaSeconds(step, totalSteps);
        String progressText = lastStep == null ? "" : MonitorText.progress(step, totalSteps,
                lastStep.epoch(), rate.tokensPerS(), status == Status.RUNNING ? Double.valueOf(eta) : null);
        double progress = status == Status.STARTING ? -1 : status == Status.FINISHED ? 1
                : totalSteps == 0 ? 0 : (double) step / totalSteps;
        boolean ended = status == Status.FINISHED || status == Status.STOPPED;
        return new LiveState(reset, runName, status, texts.status(status, step, failure), failure,
                progressText, texts.runInfo(), ended ? texts.summary() : "", progress,
                texts.activity(status, runName, step, totalSteps, eta, progress),
                List.copyOf(newEvals), !curves.isEmpty());
    }
}
