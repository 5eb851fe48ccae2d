package tunebench.app.monitor;

import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import tunebench.app.monitor.EvalEntry.Change;
import tunebench.app.monitor.RunMonitor.Status;

/**
 * Each evaluation of the live run as a card, newest on top: step, eval loss and perplexity,
 * then every probe prompt with the model's answer. Answers that differ from the evaluation
 * before are highlighted, with the earlier answer beneath, so one sees what training changed.
 * How the run ended sits above the newest card.
 */
final class ProbeTimelineView extends ScrollPane {

    static final String EMPTY_HINT = "Each evaluation's answers to the probe prompts appear here,"
            + " newest first, with the answers that changed since the evaluation before"
            + " highlighted. Set probe prompts and how often to evaluate in the run's settings.";

    private final RunMonitor monitor;
    private final VBox box = new VBox();
    private final Label empty = new Label(EMPTY_HINT);

    ProbeTimelineView(RunMonitor monitor) {
        this.monitor = monitor;
        setId("probe-timeline");
        getStyleClass().add("probe-timeline");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        box.getStyleClass().add("timeline-box");
        empty.getStyleClass().add("muted");
        empty.setWrapText(true);
        setContent(box);
        monitor.evals().addListener((ListChangeListener<EvalEntry>) c -> rebuild());
        InvalidationListener ended = o -> rebuild();
        monitor.summaryTextProperty().addListener(ended);
        monitor.statusProperty().addListener(ended);
        rebuild();
    }

    /** Evaluations are rare (one per eval interval), so rebuilding every card is cheap enough. */
    private void rebuild() {
        box.getChildren().clear();
        Node ending = endingCard();
        if (ending != null) {
            box.getChildren().add(ending);
        }
        for (EvalEntry e : monitor.evals()) {
            box.getChildren().add(card(e));
        }
        if (box.getChildren().isEmpty()) {
            box.getChildren().add(empty);
        }
    }

    private Node endingCard() {
        boolean failed = monitor.statusProperty().get() == Status.FAILED;
        String text = failed ? "The run failed: " + monitor.failureProperty().get()
                : monitor.summaryTextProperty().get();
        if (text.isEmpty()) {
            return null;
        }
        Label label = new Label(text);
        label.setWrapText(true);
        label.setId("run-summary");
        VBox card = new VBox(label);
        card.getStyleClass().add("summary-card");
        if (failed) {
            card.getStyleClass().add("failed");
        }
        return card;
    }

    private VBox card(EvalEntry e) {
        Label step = new Label("Step " + e.step());
        step.getStyleClass().add("eval-step");
        Label numbers = new Label(Double.isFinite(e.evalLoss())
                ? "eval loss " + MonitorText.number(e.evalLoss()) + " · perplexity "
                        + MonitorText.number(e.evalPpl())
                : "no validation set");
        numbers.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, step, numbers, spacer);
        header.setAlignment(Pos.CENTER_LEFT);
        long changed = e.changedCount();
        if (changed > 0) {
            Label tag = new Label(changed == 1 ? "1 answer changed" : changed + " answers changed");
            tag.getStyleClass().add("change-tag");
            header.getChildren().add(tag);
        }
        VBox card = new VBox(header);
        card.getStyleClass().add("eval-card");
        if (!e.probes().isEmpty()) {
            card.getChildren().add(probeGrid(e));
        }
        return card;
    }

    private static GridPane probeGrid(EvalEntry e) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("probe-grid");
        ColumnConstraints prompts = new ColumnConstraints();
        prompts.setPercentWidth(34);
        ColumnConstraints outputs = new ColumnConstraints();
        outputs.setPercentWidth(66);
        grid.getColumnConstraints().addAll(prompts, outputs);
        int row = 0;
        for (EvalEntry.Probe p : e.probes()) {
            Label prompt = new Label(p.prompt());
            prompt.getStyleClass().add("probe-prompt");
            prompt.setWrapText(true);
            GridPane.setValignment(prompt, VPos.TOP);
            grid.add(prompt, 0, row);
            grid.add(answer(p), 1, row++);
        }
        return grid;
    }

    private static VBox answer(EvalEntry.Probe p) {
        Label output = new Label(p.output().isBlank() ? "(empty answer)" : p.output());
        output.getStyleClass().addAll("probe-output", p.change().name().toLowerCase(java.util.Locale.ROOT));
        output.setWrapText(true);
        output.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(2, output);
        if (p.change() == Change.CHANGED) {
            Label was = new Label("was: " + (p.previous().isBlank() ? "(empty answer)" : p.previous()));
            was.getStyleClass().add("probe-previous");
            was.setWrapText(true);
            box.getChildren().add(was);
        }
        return box;
    }
}
