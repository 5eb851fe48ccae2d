package tunebench.app.train;

import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import tunebench.engine.train.memory.MemoryEstimate;

/**
 * The Memory box: where this run's memory goes as one stacked bar (float32 on this
 * computer) with a legend, the total, and the verdict for a GPU of the size the user picks.
 */
final class MemorySection extends VBox {

    /** What the legend calls each part of {@link MemoryEstimate#parts()}. */
    private static final Map<String, String> NAMES = Map.of("weights", "Weights",
            "quant_constants", "Quant. constants", "trainable", "Trainable weights",
            "gradients", "Gradients", "optimizer", "Optimizer", "activations", "Activations");

    private final GridPane bar = new GridPane();
    private final FlowPane legend = new FlowPane(10, 2);

    MemorySection(MemoryEstimates memory) {
        getStyleClass().addAll("form-section", "memory-section");
        setId("memory");
        Label heading = new Label("Memory");
        heading.getStyleClass().add("section-title");
        bar.getStyleClass().add("memory-bar");
        bar.setMinHeight(14);
        // A sliver's column must not make the bar (and so the form) wider than the window.
        bar.setMinWidth(0);
        bar.setPrefWidth(0);
        legend.setMinWidth(0);
        legend.setPrefWidth(0);
        bar.setPrefHeight(14);
        Label total = new Label();
        total.setId("memory-cpu");
        total.getStyleClass().add("memory-total");
        total.setWrapText(true);
        total.textProperty().bind(memory.cpuTextProperty());
        Label gpu = new Label();
        gpu.setId("memory-gpu");
        gpu.setWrapText(true);
        gpu.textProperty().bind(memory.gpuTextProperty());
        Label note = new Label("This build trains on the CPU in float32; a GPU run would hold"
                + " weights and activations in 16 bits.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        HBox device = new HBox(6, new Label("GPU size"), deviceBox(memory));
        device.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(heading, bar, legend, total, device, gpu, note);
        memory.cpuProperty().addListener((obs, was, now) -> show(now));
        show(memory.cpuProperty().get());
    }

    private static ComboBox<Integer> deviceBox(MemoryEstimates memory) {
        ComboBox<Integer> box = new ComboBox<>();
        box.setId("memory-device");
        box.getItems().setAll(MemoryEstimates.DEVICE_SIZES);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer gb) {
                return gb == null ? "" : gb + " GB";
            }

            @Override
            public Integer fromString(String s) {
                return Integer.valueOf(s.replaceAll("\\D", ""));
            }
        });
        box.setValue(memory.deviceGbProperty().get());
        box.valueProperty().addListener((obs, was, now) -> {
            if (now != null) {
                memory.deviceGbProperty().set(now);
            }
        });
        box.setTooltip(new Tooltip("The GPU memory to judge the run against (remembered)"));
        return box;
    }

    /** One column per non-empty part, as wide as its share of the total. */
    private void show(MemoryEstimate e) {
        bar.getChildren().clear();
        bar.getColumnConstraints().clear();
        legend.getChildren().clear();
        bar.setVisible(e != null);
        bar.setManaged(e != null);
        if (e == null || e.totalBytes() == 0) {
            return;
        }
        int column = 0;
        for (Map.Entry<String, Long> part : e.parts().entrySet()) {
            if (part.getValue() == 0) {
                continue;
            }
            String style = "memory-" + part.getKey().replace('_', '-');
            double share = 100.0 * part.getValue() / e.totalBytes();
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(share);
            bar.getColumnConstraints().add(c);
            Region block = new Region();
            block.getStyleClass().addAll("memory-block", style);
            block.setMinWidth(0);
            block.setMinHeight(14);
            block.setPrefHeight(14);
            block.setMaxWidth(Double.MAX_VALUE);
            block.setMaxHeight(Double.MAX_VALUE);
            String text = NAMES.get(part.getKey()) + " " + size(part.getValue());
            Tooltip.install(block, new Tooltip(text + String.format(Locale.ROOT, " (%.0f%%)", share)));
            bar.add(block, column++, 0);
            Region swatch = new Region();
            swatch.getStyleClass().addAll("memory-swatch", style);
            Label item = new Label(text, swatch);
            item.getStyleClass().add("memory-legend");
            legend.getChildren().add(item);
        }
    }

    /** "624 MB", "1.2 GB": decimal, as memory sizes are sold. */
    static String size(long bytes) {
        return bytes >= 1_000_000_000L ? MemoryEstimate.gb(bytes)
                : bytes >= 1_000_000L ? String.format(Locale.ROOT, "%.0f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.0f KB", bytes / 1e3);
    }
}
