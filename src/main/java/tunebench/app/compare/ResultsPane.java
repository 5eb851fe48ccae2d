package tunebench.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;

/**
 * The right side of the Compare screen: which prompt is shown (with arrows to step through
 * them), the columns' answers side by side, the colour legend, and in blind mode the bar to
 * pick the better answer. Shows one prompt at a time; the arrows step through them.
 */
final class ResultsPane extends BorderPane {

    private final CompareViewModel vm;
    private final HBox cards = new HBox(12);
    private final List<ColumnCard> shown = new ArrayList<>();
    private final Label counter = new Label();
    private final Label promptLabel = new Label();
    private final Label mode = new Label();
    private final Button previous = new Button("‹");
    private final Button next = new Button("›");
    private final Legend legend;
    private final BlindBar blindBar;
    private final InvalidationListener onPromptChange = o -> refresh();
    private final InvalidationListener onAnswerState = o -> answerStateChanged();
    private PromptResult current;

    ResultsPane(CompareViewModel vm) {
        this.vm = vm;
        this.legend = new Legend(vm);
        this.blindBar = new BlindBar(vm);
        getStyleClass().add("results");
        setTop(navigator());
        setCenter(new StackPane(emptyState(), cards));
        VBox bottom = new VBox(8, legend, blindBar);
        bottom.getStyleClass().add("results-bottom");
        setBottom(bottom);
        setMinWidth(0);
        cards.setMinWidth(0);
        cards.setId("compare-columns");
        cards.getStyleClass().add("columns");
        vm.comparisonProperty().addListener(o -> refresh());
        vm.shownPromptProperty().addListener(o -> refresh());
        vm.blindProperty().addListener(o -> refresh());
        refresh();
    }

    private HBox navigator() {
        previous.setId("previous-prompt");
        next.setId("next-prompt");
        previous.setTooltip(new Tooltip("Previous prompt (Ctrl+Page Up)"));
        next.setTooltip(new Tooltip("Next prompt (Ctrl+Page Down)"));
        previous.setOnAction(e -> vm.showPrompt(vm.shownPromptProperty().get() - 1));
        next.setOnAction(e -> vm.showPrompt(vm.shownPromptProperty().get() + 1));
        counter.getStyleClass().add("prompt-counter");
        counter.setMinWidth(Region.USE_PREF_SIZE);
        promptLabel.setId("shown-prompt");
        promptLabel.getStyleClass().add("prompt-text");
        promptLabel.setWrapText(true);
        promptLabel.setMaxHeight(44);
        mode.getStyleClass().addAll("muted", "mode-tag");
        mode.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(promptLabel, Priority.ALWAYS);
        HBox bar = new HBox(8, previous, counter, next, promptLabel, mode);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("prompt-bar");
        return bar;
    }

    private VBox emptyState() {
        Label title = new Label("Nothing compared yet");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Pick what each column runs on the left, write one or more prompts,"
                + " and press Generate (Ctrl+Enter). Every column answers with the same seed and"
                + " settings; afterwards each token is coloured by how much more or less likely"
                + " the other column's model finds it.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setTextAlignment(TextAlignment.CENTER);
        VBox box = new VBox(6, title, hint);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(460);
        box.visibleProperty().bind(vm.comparisonProperty().isNull());
        return box;
    }

    /** Rebuilds the cards for the prompt on show, in blind order when blind. */
    private void refresh() {
        shown.forEach(ColumnCard::dispose);
        shown.clear();
        cards.getChildren().clear();
        detach();
        Comparison c = vm.comparisonProperty().get();
        getTop().setVisible(c != null);
        if (c == null) {
            blindBar.show(null, null);
            legend.show(null);
            return;
        }
        int p = Math.max(0, Math.min(vm.shownPromptProperty().get(), c.prompts().size() - 1));
        current = c.prompt(p);
        counter.setText("Prompt " + (p + 1) + " of " + c.prompts().size());
        promptLabel.setText(current.prompt());
        mode.setText(c.chat() ? "chat template" : "raw text");
        previous.setDisable(p == 0);
        next.setDisable(p == c.prompts().size() - 1);
        addCards(c);
        current.verdictProperty().addListener(onPromptChange);
        current.outputs().forEach(o -> o.stateProperty().addListener(onAnswerState));
        blindBar.show(current, c);
        legend.show(c);
    }

    private void addCards(Comparison c) {
        boolean blind = vm.blindProperty().get();
        boolean revealed = current.verdictProperty().get() != null;
        IntFunction<String> names = col -> blind && !revealed
                ? PromptResult.letter(current.blindPosition(col)) : name(c, col, blind);
        int[] order = c.order(c.prompts().indexOf(current), blind);
        for (int pos = 0; pos < order.length; pos++) {
            int col = order[pos];
            String title = blind ? PromptResult.letter(pos) : c.columns().get(col).label();
            String caption = blind && revealed ? c.columns().get(col).label() : "";
            ColumnCard card = new ColumnCard(current.output(col), col, title, caption, names);
            PromptResult.Verdict v = current.verdictProperty().get();
            if (blind && v != null && v.winner() == col) {
                card.getStyleClass().add("winner");
            }
            HBox.setHgrow(card, Priority.ALWAYS);
            card.setPrefWidth(100); // columns share the width equally, whatever their text
            shown.add(card);
            cards.getChildren().add(card);
        }
    }

    /** A column's name; "A · Base model" once blind mode has revealed it. */
    private String name(Comparison c, int col, boolean blind) {
        String label = c.columns().get(col).label();
        return blind ? PromptResult.letter(current.blindPosition(col)) + " · " + label : label;
    }

    /** An answer started or finished: the verdict buttons may open; the prompt is encoded. */
    private void answerStateChanged() {
        Comparison c = vm.comparisonProperty().get();
        if (c != null) {
            mode.setText(c.chat() ? "chat template" : "raw text");
        }
        blindBar.show(current, c);
    }

    private void detach() {
        if (current != null) {
            current.verdictProperty().removeListener(onPromptChange);
            current.outputs().forEach(o -> o.stateProperty().removeListener(onAnswerState));
        }
        current = null;
    }
}
