package tunebench.app.dataset;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;

/**
 * A ChartFX histogram of lengths: filled bars of one data set at their bin centres, y from zero,
 * no legend. The Lengths and Stats tabs both draw theirs with it, so the two look alike.
 */
final class HistogramChart extends XYChart {

    private final DoubleDataSet bars;

    /** {@code barsClass} styles the bars (fill and stroke) from dataset.css. */
    HistogramChart(String xName, String yName, String barsClass) {
        super(axis(xName), axis(yName));
        ((DefaultNumericAxis) getXAxis()).setAutoRangeRounding(false);
        ((DefaultNumericAxis) getYAxis()).setForceZeroInRange(true);
        setAnimated(false);
        setLegendVisible(false);
        getStyleClass().add("histogram-chart");
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setPolyLineStyle(LineStyle.HISTOGRAM_FILLED);
        renderer.setDrawMarker(false);
        // the tooltip and indicators find values only through a renderer's own axes
        renderer.getAxes().setAll(getXAxis(), getYAxis());
        bars = new DoubleDataSet(yName);
        bars.addStyleClasses(barsClass);
        renderer.getDatasets().add(bars);
        getRenderers().setAll(renderer);
    }

    private static DefaultNumericAxis axis(String name) {
        DefaultNumericAxis a = new DefaultNumericAxis(name);
        a.setUnit(null); // else the name reads "tokens per example []"
        a.setAutoRangePadding(0.02);
        return a;
    }

    /** Bars of equal width: {@code counts[i]} over [i*width, (i+1)*width), drawn at their centres. */
    void show(int[] counts, double width) {
        double[] xs = new double[counts.length];
        double[] ys = new double[counts.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i + 0.5) * width;
            ys[i] = counts[i];
        }
        bars.set(xs, ys);
    }

    void setXName(String name) {
        getXAxis().setName(name);
    }
}
