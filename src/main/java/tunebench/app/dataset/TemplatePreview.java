package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The Preview tab: the selected example exactly as the model reads it after the chat template,
 * token by token (hover one for its id), the trained tokens highlighted, special tokens boxed,
 * and tokens past the max length struck out, under a header with the counts.
 */
final class TemplatePreview extends VBox {

    /** Beyond this many tokens a side is cut short: thousands of nodes would make typing lag. */
    static final int MAX_DRAWN = 3000;

    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");

    private final PreviewViewModel vm;
    private final Label header = new Label();
    private final Label message = new Label();
    private final Label hover = new Label(" ");
    private final VBox sides = new VBox(10);

    TemplatePreview(PreviewViewModel vm) {
        super(8);
        this.vm = vm;
        setId("template-preview");
        getStyleClass().add("template-preview");
        header.setId("preview-header");
        header.getStyleClass().add("preview-header");
        header.setWrapText(true);
        header.setMaxWidth(Double.MAX_VALUE);
        header.setPrefWidth(0); // take the editor's width and wrap, never widen the editor
        header.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(header, Priority.ALWAYS);
        Spinner<Integer> max = new Spinner<>(1, 1_048_576, vm.maxLengthProperty().get(), 64);
        max.setId("preview-max-length");
        max.setEditable(true);
        max.setPrefWidth(100);
        max.setMinWidth(Region.USE_PREF_SIZE);
        max.getValueFactory().valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.maxLengthProperty().set(now);
            }
        });
        vm.maxLengthProperty().addListener((obs, old, now) -> max.getValueFactory().setValue(now.intValue()));
        max.setTooltip(new Tooltip("Tokens a run keeps per example (the Train screen's max length); longer examples are cut"));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.busyProperty());
        Label maxLabel = new Label("Max length");
        maxLabel.setMinWidth(Region.USE_PREF_SIZE);
        maxLabel.getStyleClass().add("muted");
        // The header has a row of its own so it wraps in a narrow editor instead of being cut.
        HBox maxBox = new HBox(6, maxLabel, max);
        maxBox.setAlignment(Pos.CENTER_LEFT);
        // A flow, not a row: in a narrow editor the max length goes under the legend.
        FlowPane keys = new FlowPane(10, 4, legend(), busy, maxBox);
        keys.setAlignment(Pos.CENTER_LEFT);
        keys.setPrefWrapLength(0);
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.managedProperty().bind(message.visibleProperty());
        hover.setId("preview-hover");
        hover.getStyleClass().addAll("muted", "preview-hover");
        ScrollPane scroll = new ScrollPane(sides);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("preview-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(header, keys, message, scroll, hover);
        vm.viewProperty().addListener((obs, old, now) -> draw(now));
        draw(vm.viewProperty().get());
    }

    private void draw(TokenView view) {
        message.setVisible(!view.hasTokens());
        message.setText(view.message());
        header.setText(view.header());
        header.pseudoClassStateChanged(OVER, view.over());
        header.setVisible(view.hasTokens());
        List<Node> nodes = new ArrayList<>();
        for (TokenView.Side side : view.sides()) {
            if (!side.title().isEmpty()) {
                Label title = new Label(side.title());
                title.getStyleClass().add("field-label");
                nodes.add(title);
            }
            nodes.add(flow(side));
        }
        sides.getChildren().setAll(nodes);
    }

    private TextFlow flow(TokenView.Side side) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add("token-flow");
        List<Node> children = new ArrayList<>();
        int drawn = Math.min(side.spans().size(), MAX_DRAWN);
        for (int i = 0; i < drawn; i++) {
            TokenView.Span span = side.spans().get(i);
            String[] lines = span.text().split("\n", -1);
            for (int l = 0; l < lines.length; l++) {
                boolean breaks = l < lines.length - 1;
                String shown = lines[l] + (breaks ? "↵" : "");
                if (!shown.isEmpty() || lines.length == 1) {
                    children.add(token(span, shown.isEmpty() ? "∅" : shown, i));
                }
                if (breaks) {
                    children.add(new Text("\n"));
                }
            }
        }
        if (drawn < side.spans().size()) {
            Text more = new Text(String.format("%n… %,d more tokens not drawn", side.spans().size() - drawn));
            more.getStyleClass().add("token-more");
            children.add(more);
        }
        flow.getChildren().setAll(children);
        return flow;
    }

    private Label token(TokenView.Span span, String shown, int index) {
        Label label = new Label(shown);
        label.getStyleClass().addAll("token", span.trained() ? "token-trained" : "token-prompt",
                index % 2 == 0 ? "token-even" : "token-odd");
        if (span.special()) {
            label.getStyleClass().add("token-special");
        }
        if (span.cut()) {
            label.getStyleClass().add("token-cut");
        }
        label.setOnMouseEntered(e -> hover.setText(describe(span, index)));
        return label;
    }

    static String describe(TokenView.Span span, int index) {
        String text = span.text().replace("\n", "\\n").replace("\t", "\\t");
        return String.format("Token %,d · id %d · “%s” · %s%s%s", index + 1, span.id(), text,
                span.trained() ? "trained on (the loss is taken here)" : "prompt (no loss)",
                span.special() ? " · special token" : "", span.cut() ? " · past the max length: cut" : "");
    }

    private static HBox legend() {
        HBox box = new HBox(6, chip("trained on", "token-trained"), chip("prompt", "token-prompt"),
                chip("<special>", "token-special", "token-prompt"), chip("cut", "token-cut", "token-prompt"));
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("preview-legend");
        return box;
    }

    private static Label chip(String text, String... classes) {
        Label label = new Label(text);
        label.getStyleClass().add("token");
        label.getStyleClass().addAll(classes);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
