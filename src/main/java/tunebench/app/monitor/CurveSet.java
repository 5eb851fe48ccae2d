package tunebench.app.monitor;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.MetricsHistory;

/**
 * The curves of one run, as ChartFX datasets against the step: training loss raw and smoothed,
 * eval loss and perplexity, learning rate, gradient norm, tokens/s, and for a preference run
 * (DPO) the chosen and rejected rewards and the accuracy, logged and evaluated, under TRL's
 * metric names. A dataset gets only finite values: DPO's perplexity is NaN, an SFT run has no
 * rewards, and those datasets stay empty. The live run has one, each
 * overlaid past run another. Written by whole batches, so a chart sees
 * one change per batch. Written by one thread at a time: the pacer's for the live run, the
 * loading thread and then the pacer's for an overlay; charts read under the datasets' locks.
 */
final class CurveSet {

    /** TRL's names for DPO's logged metrics; an evaluation's carry {@link #EVAL} in front. */
    static final String CHOSEN = "rewards/chosen";
    static final String REJECTED = "rewards/rejected";
    static final String ACCURACY = "rewards/accuracies";
    static final String EVAL = "eval_";

    final DoubleDataSet loss;
    final DoubleDataSet smoothed;
    final DoubleDataSet evalLoss;
    final DoubleDataSet evalPpl;
    final DoubleDataSet lr;
    final DoubleDataSet gradNorm;
    final DoubleDataSet tokensPerS;
    final DoubleDataSet chosen;
    final DoubleDataSet rejected;
    final DoubleDataSet accuracy;
    final DoubleDataSet evalChosen;
    final DoubleDataSet evalRejected;
    final DoubleDataSet evalAccuracy;
    private Smoother smoother;
    private double weight;

    /**
     * @param label the run's name for the legend, "" for the live run; a past run's smoothed
     *     loss is called just by its name, to keep the legend on one line
     */
    CurveSet(String label, double smoothing) {
        String prefix = label.isEmpty() ? "" : label + " · ";
        loss = new DoubleDataSet(prefix + "training loss (raw)");
        smoothed = new DoubleDataSet(label.isEmpty() ? "training loss" : label);
        evalLoss = new DoubleDataSet(prefix + "eval loss");
        evalPpl = new DoubleDataSet(prefix + "eval perplexity");
        lr = new DoubleDataSet(prefix + "learning rate");
        gradNorm = new DoubleDataSet(prefix + "gradient norm");
        tokensPerS = new DoubleDataSet(prefix + "tokens/s");
        chosen = new DoubleDataSet(prefix + "chosen reward");
        rejected = new DoubleDataSet(prefix + "rejected reward");
        accuracy = new DoubleDataSet(prefix + "accuracy");
        evalChosen = new DoubleDataSet(prefix + "eval chosen reward");
        evalRejected = new DoubleDataSet(prefix + "eval rejected reward");
        evalAccuracy = new DoubleDataSet(prefix + "eval accuracy");
        smoother = new Smoother(smoothing);
        weight = smoothing;
    }

    /** The smoothing weight of the smoothed curve now. */
    double smoothing() {
        return weight;
    }

    /** Columns of steps: x = step, then loss, lr, grad norm and tokens/s per step. */
    void addSteps(double[] step, double[] lossValues, double[] lrValues, double[] grad, double[] tps) {
        if (step.length == 0) {
            return;
        }
        double[] smooth = new double[lossValues.length];
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] = smoother.next(lossValues[i]);
        }
        loss.add(step, lossValues);
        smoothed.add(step, smooth);
        lr.add(step, lrValues);
        gradNorm.add(step, grad);
        tokensPerS.add(step, tps);
    }

    /**
     * Columns of the steps' DPO metrics (NaN where a step has none); each dataset gets its
     * finite points in one change.
     */
    void addPreferenceSteps(double[] step, double[] chosenValues, double[] rejectedValues,
            double[] accuracyValues) {
        addFinite(chosen, step, chosenValues);
        addFinite(rejected, step, rejectedValues);
        addFinite(accuracy, step, accuracyValues);
    }

    /**
     * An evaluation without a validation set has a NaN loss, and DPO's has a NaN perplexity:
     * neither adds a point.
     */
    void addEval(EvalMetrics e) {
        double[] x = {e.step()};
        addFinite(evalLoss, x, new double[] {e.evalLoss()});
        addFinite(evalPpl, x, new double[] {e.evalPpl()});
        addFinite(evalChosen, x, new double[] {e.extra(EVAL + CHOSEN)});
        addFinite(evalRejected, x, new double[] {e.extra(EVAL + REJECTED)});
        addFinite(evalAccuracy, x, new double[] {e.extra(EVAL + ACCURACY)});
    }

    private static void addFinite(DoubleDataSet d, double[] x, double[] y) {
        int n = 0;
        double[] keptX = new double[x.length];
        double[] keptY = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                keptX[n] = x[i];
                keptY[n++] = y[i];
            }
        }
        if (n > 0) {
            d.add(java.util.Arrays.copyOf(keptX, n), java.util.Arrays.copyOf(keptY, n));
        }
    }

    void addHistory(MetricsHistory history) {
        List<MetricsHistory.Step> steps = history.steps();
        int n = steps.size();
        double[] x = new double[n];
        double[] l = new double[n];
        double[] r = new double[n];
        double[] g = new double[n];
        double[] t = new double[n];
        double[][] preference = new double[3][n];
        for (int i = 0; i < n; i++) {
            MetricsHistory.Step s = steps.get(i);
            x[i] = s.step();
            l[i] = s.loss();
            r[i] = s.lr();
            g[i] = s.gradNorm();
            t[i] = s.tokensPerS();
            preference[0][i] = s.extra().getOrDefault(CHOSEN, Double.NaN);
            preference[1][i] = s.extra().getOrDefault(REJECTED, Double.NaN);
            preference[2][i] = s.extra().getOrDefault(ACCURACY, Double.NaN);
        }
        addSteps(x, l, r, g, t);
        addPreferenceSteps(x, preference[0], preference[1], preference[2]);
        history.evals().forEach(this::addEval);
    }

    /** Recomputes the smoothed curve from the raw one with a new weight. */
    void resmooth(double newWeight) {
        int n = loss.getDataCount();
        weight = newWeight;
        smoother = new Smoother(newWeight);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = loss.get(DoubleDataSet.DIM_X, i);
            y[i] = smoother.next(loss.get(DoubleDataSet.DIM_Y, i));
        }
        smoothed.set(x, y, n, false);
    }

    void clear(double smoothing) {
        for (DoubleDataSet d : all()) {
            d.clearData();
        }
        smoother = new Smoother(smoothing);
        weight = smoothing;
    }

    boolean isEmpty() {
        return loss.getDataCount() == 0 && evalLoss.getDataCount() == 0;
    }

    List<DoubleDataSet> all() {
        return List.of(loss, smoothed, evalLoss, evalPpl, lr, gradNorm, tokensPerS, chosen,
                rejected, accuracy, evalChosen, evalRejected, evalAccuracy);
    }
}
