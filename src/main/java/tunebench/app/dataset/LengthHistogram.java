package tunebench.app.dataset;

import io.fair_acc.chartfx.plugins.XValueIndicator;
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
    private final HistogramChart chart;
    private final XValueIndicator marker;
    private final Label title = new Label();
    private final Label detail = new Label();
    private final Label message = new Label();

    LengthHistogram(LengthsViewModel vm) {
        super(4);
        this.vm = vm;
        setId("length-histogram");
        getStyleClass().add("length-histogram");
        chart = new HistogramChart("tokens per example", "examples", "length-bars");
        chart.getStyleClass().add("length-chart");
        marker = new XValueIndicator(chart.getXAxis(), vm.maxLengthProperty().get(), "max length");
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

    private void draw(LengthHistogramData h) {
        title.setText(h.title());
        title.pseudoClassStateChanged(PseudoClass.getPseudoClass("over"), h.over() > 0);
        detail.setText(h.counted() == 0 ? "" : h.detail());
        chart.show(h.counts(), h.width());
        marker.setValue(h.maxLength());
        marker.setText(String.format("max length %,d", h.maxLength()));
    }
}
