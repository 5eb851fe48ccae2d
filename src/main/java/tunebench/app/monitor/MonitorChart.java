package tunebench.app.monitor;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * One monitor chart against the training step: faint raw lines, solid lines and evaluation
 * markers as three renderers drawn in that order (so markers sit on top), a zoomer (drag to
 * zoom, right-click to step back) and a tooltip with the point under the mouse. Counts its
 * canvas redraws, so a test can prove the batching.
 */
final class MonitorChart extends XYChart {

    private final ErrorDataSetRenderer raw = renderer(false);
    private final ErrorDataSetRenderer lines = renderer(false);
    private final ErrorDataSetRenderer points = renderer(true);
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private long redraws;

    MonitorChart(String id, String title, String yLabel) {
        super(axis("step"), axis(yLabel));
        setId(id);
        setTitle(title);
        getStyleClass().add("monitor-chart");
        raw.setShowInLegend(false);
        for (ErrorDataSetRenderer r : List.of(raw, lines, points)) {
            // the tooltip finds points only through a renderer's own axes, not the chart's
            r.getAxes().setAll(getXAxis(), getYAxis());
        }
        getRenderers().setAll(raw, lines, points);
        Zoomer zoomer = new Zoomer();
        zoomer.setSliderVisible(false); // its range slider slides over the step axis on hover
        getPlugins().addAll(zoomer, new ValueTooltip());
        setAnimated(false);
    }

    private static DefaultNumericAxis axis(String label) {
        DefaultNumericAxis a = new DefaultNumericAxis(label);
        a.setUnit(null); // else the label reads "step []"
        a.setForceZeroInRange(false);
        a.setAutoRangePadding(0.05);
        return a;
    }

    private static ErrorDataSetRenderer renderer(boolean markers) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setErrorStyle(ErrorStyle.NONE);
        r.setPolyLineStyle(LineStyle.NORMAL);
        r.setDrawMarker(markers);
        r.setDashSize(0); // else the legend draws an error-bar cap on each entry
        return r;
    }

    /** For the small charts: no legend and no axis names (the title says it, the x is the step). */
    void compact() {
        setLegendVisible(false);
        getXAxis().setName("");
        getYAxis().setName("");
    }

    /** Replaces what the chart draws; within a list the first is drawn last, on top. */
    void show(List<DataSet> rawLines, List<DataSet> solidLines, List<DataSet> markers) {
        setIfChanged(raw, rawLines);
        setIfChanged(lines, solidLines);
        setIfChanged(points, markers);
        empty.set(rawLines.isEmpty() && solidLines.isEmpty() && markers.isEmpty());
    }

    /** True while the chart has nothing to draw. */
    ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    /** By identity: a dataset's equals compares its points, which is slow and not the question. */
    private static void setIfChanged(ErrorDataSetRenderer r, List<DataSet> sets) {
        javafx.collections.ObservableList<DataSet> now = r.getDatasets();
        boolean same = now.size() == sets.size();
        for (int i = 0; same && i < sets.size(); i++) {
            same = now.get(i) == sets.get(i);
        }
        if (!same) {
            now.setAll(sets);
        }
    }

    /** All datasets drawn now, in drawing order. */
    List<DataSet> shown() {
        return List.copyOf(getAllDatasets());
    }

    @Override
    protected void redrawCanvas() {
        redraws++;
        super.redrawCanvas();
    }

    long redraws() {
        return redraws;
    }
}
