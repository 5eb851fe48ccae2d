package tunebench.app.compare;

import java.util.function.IntFunction;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;
import tunebench.app.compare.ColumnOutput.State;

/**
 * One column's answer: a header naming it (or only its letter in blind mode), and the text as
 * a TextFlow with one Text per token, so each token can carry its colour and a tooltip with
 * both probabilities. Appends tokens as they stream in; {@link #dispose} detaches it.
 */
final class ColumnCard extends VBox {

    private final ColumnOutput output;
    private final int column;
    private final IntFunction<String> names;
    private final TextFlow flow = new TextFlow();
    private final ScrollPane scroll = new ScrollPane(flow);
    private final Label state = new Label();
    private final Label versus = new Label();
    private final ListChangeListener<Token> onTokens = this::tokensChanged;
    private final ChangeListener<Number> onVersus = (obs, old, now) -> showState();
    private final ChangeListener<State> onState = (obs, old, now) -> {
        rebuild(); // the end marker and the final count
        showState();
    };

    /**
     * @param title "Base model", or "A" in blind mode
     * @param caption a second line under the title ("" for none)
     * @param names what the tooltips call a column: its name, or its letter in blind mode
     */
    ColumnCard(ColumnOutput output, int column, String title, String caption, IntFunction<String> names) {
        this.output = output;
        this.column = column;
        this.names = names;
        getStyleClass().add("column-card");
        setId("column-" + column);
        setMinWidth(0); // four columns must fit: names shorten, text wraps
        Label name = new Label(title);
        name.getStyleClass().add("column-title");
        name.setTooltip(new Tooltip(caption.isEmpty() ? title : title + " · " + caption));
        Label sub = new Label(caption);
        sub.getStyleClass().addAll("muted", "column-caption");
        sub.setVisible(!caption.isEmpty());
        sub.setManaged(!caption.isEmpty());
        HBox head = new HBox(8, name, sub);
        head.setAlignment(Pos.BASELINE_LEFT);
        head.getStyleClass().add("column-head");
        state.getStyleClass().addAll("muted", "column-state");
        versus.getStyleClass().addAll("muted", "column-versus");
        versus.setWrapText(true);
        flow.getStyleClass().add("answer");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("answer-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(head, state, versus, scroll);
        output.tokens().addListener(onTokens);
        output.stateProperty().addListener(onState);
        output.comparedWithProperty().addListener(onVersus);
        rebuild();
        showState();
    }

    /** Stops following the output (the card is being replaced). */
    void dispose() {
        output.tokens().removeListener(onTokens);
        output.stateProperty().removeListener(onState);
        output.comparedWithProperty().removeListener(onVersus);
    }

    TextFlow flow() {
        return flow;
    }

    private void tokensChanged(ListChangeListener.Change<? extends Token> c) {
        while (c.next()) {
            if (c.wasRemoved() || c.wasReplaced() || c.wasPermutated()) {
                rebuild(); // scores arrived, or a new run started over
                showState();
                return;
            }
            for (int i = c.getFrom(); i < c.getTo(); i++) {
                flow.getChildren().add(text(output.tokens().get(i), i));
            }
        }
        showState();
        if (output.stateProperty().get() == State.GENERATING) {
            scroll.setVvalue(scroll.getVmax()); // follow the text as it grows
        }
    }

    private void rebuild() {
        flow.getChildren().clear();
        for (int i = 0; i < output.tokens().size(); i++) {
            flow.getChildren().add(text(output.tokens().get(i), i));
        }
    }

    private Text text(Token token, int index) {
        boolean end = token.text().isEmpty() && index == output.tokens().size() - 1 && output.endedWithEos();
        Text t = new Text(end ? " ⏎ end" : token.text());
        t.getStyleClass().add(end ? "end-marker" : "token");
        if (token.scored()) {
            t.getStyleClass().addAll("scored", DiffScale.of(token.difference()).styleClass());
            Tooltip tip = new Tooltip(tooltip(token, end));
            tip.setShowDelay(Duration.millis(150));
            Tooltip.install(t, tip);
        }
        return t;
    }

    private String tooltip(Token token, boolean end) {
        int other = output.comparedWithProperty().get();
        String shown = end ? "end of answer" : "“" + token.text().replace("\n", "⏎") + "”";
        return shown + "\nThis column, " + names.apply(column) + ": " + DiffScale.percent(token.logProb())
                + "\n" + names.apply(other) + ": " + DiffScale.percent(token.otherLogProb())
                + "\n" + DiffScale.ratio(token.difference());
    }

    private void showState() {
        int n = output.tokens().size();
        String count = n + (n == 1 ? " token" : " tokens");
        state.setText(switch (output.stateProperty().get()) {
            case WAITING -> "waiting";
            case GENERATING -> "writing… " + count;
            case STOPPED -> count + " · stopped";
            case DONE -> count + (output.endedWithEos() ? " · ended" : " · hit the limit");
        });
        int other = output.comparedWithProperty().get();
        long differ = output.tokens().stream()
                .filter(t -> t.scored() && DiffScale.of(t.difference()) != DiffScale.SAME).count();
        versus.setText(other < 0 ? " " : "vs " + names.apply(other) + " · " + differ + " of " + n
                + " tokens differ");
        versus.setTooltip(other < 0 ? null : new Tooltip("Colours compare this column's model with "
                + names.apply(other) + "'s; " + differ + " tokens are 1.5× or more likelier under one"
                + " of the two"));
    }
}
