package tunebench.app.monitor;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.MetricsHistory;

/**
 * The curves of one run, as ChartFX datasets against the step: training loss raw and smoothed,
 * eval loss and perplexity, learning rate, gradient norm, tokens/s. The live run has one, each
 * overlaid past run another. Written by whole batches, so a chart sees
 * one change per batch. Written by one thread at a time: the pacer's for the live run, the
 * loading thread and then the pacer's for an overlay; charts read under the datasets' locks.
 */
final class CurveSet {

    final DoubleDataSet loss;
    final DoubleDataSet smoothed;
    final DoubleDataSet evalLoss;
    final DoubleDataSet evalPpl;
    final DoubleDataSet lr;
    final DoubleDataSet gradNorm;
    final DoubleDataSet tokensPerS;
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

    /** An evaluation without a validation set has a NaN loss: it adds no point. */
    void addEval(int step, double evalLossValue, double ppl) {
        if (Double.isFinite(evalLossValue)) {
            evalLoss.add(step, evalLossValue);
            evalPpl.add(step, ppl);
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
        for (int i = 0; i < n; i++) {
            MetricsHistory.Step s = steps.get(i);
            x[i] = s.step();
            l[i] = s.loss();
            r[i] = s.lr();
            g[i] = s.gradNorm();
            t[i] = s.tokensPerS();
        }
        addSteps(x, l, r, g, t);
        for (EvalMetrics e : history.evals()) {
            addEval(e.step(), e.evalLoss(), e.evalPpl());
        }
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
        return List.of(loss, smoothed, evalLoss, evalPpl, lr, gradNorm, tokensPerS);
    }
}
