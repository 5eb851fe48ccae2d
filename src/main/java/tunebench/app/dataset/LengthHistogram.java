package tunebench.app.dataset;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Lengths tab: how many examples have how many tokens after the chat template (a ChartFX
 * histogram), a line at the max length, and the count over it in the title.
 */
final class LengthHistogram extends VBox {

    private final LengthsViewModel vm;
    private final XYChart chart;
    private final DoubleDataSet bars = new DoubleDataSet("examples");
    private final XValueIndicator marker;
    private final Label title = new Label();
    private final Label detail = new Label();
    private final Label message = new Label();

    LengthHistogram(LengthsViewModel vm) {
        super(4);
        this.vm = vm;
        setId("length-histogram");
        getStyleClass().add("length-histogram");
        DefaultNumericAxis x = axis("tokens per example");
        DefaultNumericAxis y = axis("examples");
        x.setAutoRangeRounding(false);
        y.setForceZeroInRange(true);
        chart = new XYChart(x, y);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.getStyleClass().add("length-chart");
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setPolyLineStyle(LineStyle.HISTOGRAM_FILLED);
        renderer.setDrawMarker(false);
        renderer.getAxes().setAll(x, y);
        bars.addStyleClasses("length-bars");
        renderer.getDatasets().add(bars);
        chart.getRenderers().setAll(renderer);
        marker = new XValueIndicator(x, vm.maxLengthProperty().get(), "max length");
        marker.setEditable(false);
        chart.getPlugins().add(marker);
        title.setId("lengths-title");
        title.getStyleClass().add("lengths-title");
        detail.getStyleClass().add("muted");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        chart.visibleProperty().bind(message.visibleProperty().not());
        StackPane body = new StackPane(chart, message);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(title, detail, body);
        vm.histogramProperty().addListener((obs, old, now) -> draw(now));
        draw(vm.histogramProperty().get());
    }

    private static DefaultNumericAxis axis(String name) {
        DefaultNumericAxis a = new DefaultNumericAxis(name);
        a.setUnit(null);
        a.setAutoRangePadding(0.02);
        return a;
    }

    private void draw(LengthHistogramData h) {
        title.setText(h.title());
        title.pseudoClassStateChanged(PseudoClass.getPseudoClass("over"), h.over() > 0);
        detail.setText(h.counted() == 0 ? "" : h.detail());
        double[] xs = new double[h.counts().length];
        double[] ys = new double[h.counts().length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i + 0.5) * h.width();
            ys[i] = h.counts()[i];
        }
        bars.set(xs, ys);
        marker.setValue(h.maxLength());
        marker.setText(String.format("max length %,d", h.maxLength()));
    }
}
