package tunebench.app.monitor;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;

/**
 * The charts and which datasets each draws: loss (training raw and smoothed, eval markers),
 * eval perplexity, learning rate, gradient norm and tokens/s, and for DPO runs the rewards
 * (chosen and rejected, eval markers) and the accuracy. The live run is drawn on top of
 * overlaid runs. Colours come from monitor.css through style classes: live-*, and overlay-*
 * with overlay-color-N; reward-chosen and reward-rejected tell the two rewards apart.
 * {@link #smallShown} says which small charts have a place now: the DPO ones once a run has
 * their points, perplexity unless only a DPO run is shown (its perplexity is NaN).
 */
final class MonitorCharts {

    /** Muted colours defined in monitor.css (overlay-color-0 ..); more overlays reuse them. */
    static final int OVERLAY_COLORS = 6;

    /** No title: its legend and axis say what it is, and the height goes to the curves. */
    final MonitorChart loss = new MonitorChart("loss-chart", "", "loss");
    final MonitorChart perplexity = new MonitorChart("perplexity-chart", "Eval perplexity", "perplexity");
    final MonitorChart learningRate = new MonitorChart("lr-chart", "Learning rate", "lr");
    final MonitorChart gradNorm = new MonitorChart("grad-norm-chart", "Gradient norm", "norm");
    final MonitorChart tokensPerS = new MonitorChart("tokens-chart", "Tokens / s", "tokens/s");
    final MonitorChart rewards = new MonitorChart("rewards-chart", "Rewards", "reward");
    final MonitorChart accuracy = new MonitorChart("accuracy-chart", "Reward accuracy", "accuracy");
    private final ReadOnlyObjectWrapper<List<MonitorChart>> smallShown =
            new ReadOnlyObjectWrapper<>(this, "smallShown", List.of());
    private final RunMonitor monitor;

    MonitorCharts(RunMonitor monitor) {
        this.monitor = monitor;
        for (MonitorChart small : List.of(perplexity, learningRate, gradNorm, tokensPerS, accuracy)) {
            small.compact();
        }
        // its legend tells chosen from rejected
        rewards.getXAxis().setName("");
        rewards.getYAxis().setName("");
        styleLive(monitor.liveCurves());
        monitor.overlays().addListener((ListChangeListener<Overlay>) c -> rebuild());
        monitor.publishesProperty().addListener((obs, old, now) -> rebuild());
        rebuild();
    }

    List<MonitorChart> all() {
        return List.of(loss, perplexity, learningRate, gradNorm, tokensPerS, rewards, accuracy);
    }

    /** The small charts to lay out under the loss, in order; changes only when the set does. */
    ReadOnlyObjectProperty<List<MonitorChart>> smallShownProperty() {
        return smallShown.getReadOnlyProperty();
    }

    private void rebuild() {
        List<Overlay> overlays = monitor.overlays();
        overlays.forEach(o -> styleOverlay(o.curves(), o.colorIndex()));
        CurveSet live = monitor.liveCurves();
        loss.show(sets(overlays, live, c -> c.loss), sets(overlays, live, c -> c.smoothed),
                sets(overlays, live, c -> c.evalLoss));
        perplexity.show(List.of(), List.of(), sets(overlays, live, c -> c.evalPpl));
        learningRate.show(List.of(), sets(overlays, live, c -> c.lr), List.of());
        gradNorm.show(List.of(), sets(overlays, live, c -> c.gradNorm), List.of());
        tokensPerS.show(List.of(), sets(overlays, live, c -> c.tokensPerS), List.of());
        rewards.show(List.of(), both(sets(overlays, live, c -> c.chosen), sets(overlays, live, c -> c.rejected)),
                both(sets(overlays, live, c -> c.evalChosen), sets(overlays, live, c -> c.evalRejected)));
        accuracy.show(List.of(), sets(overlays, live, c -> c.accuracy),
                sets(overlays, live, c -> c.evalAccuracy));
        boolean preference = !rewards.emptyProperty().get() || !accuracy.emptyProperty().get();
        List<MonitorChart> small = new ArrayList<>();
        if (!preference || !perplexity.emptyProperty().get()) {
            small.add(perplexity);
        }
        if (preference) {
            small.addAll(List.of(rewards, accuracy));
        }
        small.addAll(List.of(learningRate, gradNorm, tokensPerS));
        if (!small.equals(smallShown.get())) {
            smallShown.set(List.copyOf(small));
        }
    }

    private static List<DataSet> both(List<DataSet> first, List<DataSet> second) {
        List<DataSet> out = new ArrayList<>(first);
        out.addAll(second);
        return out;
    }

    /**
     * One dataset per run, the live run's first (a renderer draws its first dataset last, on
     * top), then the overlays'; only those with points. An empty dataset has no defined range, so ChartFX recomputes it at every
     * layout, which marks the chart dirty again: it would redraw every frame for nothing.
     */
    private static List<DataSet> sets(List<Overlay> overlays, CurveSet live,
            Function<CurveSet, DoubleDataSet> pick) {
        List<DataSet> out = new ArrayList<>();
        out.add(pick.apply(live));
        overlays.forEach(o -> out.add(pick.apply(o.curves())));
        out.removeIf(d -> d.getDataCount() == 0);
        return out;
    }

    private static void styleLive(CurveSet c) {
        style(c.loss, "live-raw");
        style(c.smoothed, "live-smoothed");
        style(c.evalLoss, "live-eval");
        style(c.evalPpl, "live-eval");
        for (DoubleDataSet d : List.of(c.lr, c.gradNorm, c.tokensPerS, c.accuracy)) {
            style(d, "live-line");
        }
        style(c.evalAccuracy, "live-eval");
        style(c.chosen, "live-line", "reward-chosen");
        style(c.rejected, "live-line", "reward-rejected");
        style(c.evalChosen, "live-eval", "reward-chosen");
        style(c.evalRejected, "live-eval", "reward-rejected");
    }

    private static void styleOverlay(CurveSet c, int colorIndex) {
        String color = "overlay-color-" + colorIndex % OVERLAY_COLORS;
        style(c.loss, "overlay-raw", color);
        style(c.smoothed, "overlay-smoothed", color);
        style(c.evalLoss, "overlay-eval", color);
        style(c.evalPpl, "overlay-eval", color);
        for (DoubleDataSet d : List.of(c.lr, c.gradNorm, c.tokensPerS, c.accuracy, c.chosen)) {
            style(d, "overlay-line", color);
        }
        style(c.rejected, "overlay-line", "overlay-rejected", color);
        for (DoubleDataSet d : List.of(c.evalAccuracy, c.evalChosen, c.evalRejected)) {
            style(d, "overlay-eval", color);
        }
    }

    private static void style(DoubleDataSet d, String... classes) {
        if (!d.getStyleClasses().containsAll(List.of(classes))) {
            d.addStyleClasses(classes);
        }
    }
}
