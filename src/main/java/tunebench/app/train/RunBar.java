package tunebench.app.train;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Start, Pause, Resume and Stop under the form, enabled by the run's state, with the run's
 * progress, the last run's summary, and, while Start is disabled, what to fix first.
 */
final class RunBar extends VBox {

    RunBar(TrainViewModel vm) {
        getStyleClass().add("run-bar");
        ObservableValue<RunState> state = vm.stateProperty();
        Button start = button("start-run", "Start", "Start training (Ctrl+Enter)", vm::start);
        start.getStyleClass().add("start-button");
        start.disableProperty().bind(vm.canStartProperty().not());
        Button pause = button("pause-run", "Pause", "Pause after the current step", vm::pause);
        pause.disableProperty().bind(isNot(state, RunState.RUNNING));
        Button resume = button("resume-run", "Resume", "Go on from the paused step", vm::resume);
        resume.disableProperty().bind(isNot(state, RunState.PAUSED));
        Button stop = button("stop-run", "Stop", "Stop after the current step, saving a checkpoint",
                vm::stop);
        stop.disableProperty().bind(Bindings.createBooleanBinding(() -> !state.getValue().active()
                || state.getValue() == RunState.STOPPING, state));
        HBox buttons = new HBox(8, start, pause, resume, stop);
        buttons.getStyleClass().add("run-buttons");

        Label progress = label("run-progress", "run-progress");
        progress.textProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> state.getValue().active(), state));
        Label summary = label("run-summary", "run-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.visibleProperty().bind(vm.summaryProperty().isNotEmpty()
                .and(progress.visibleProperty().not()));
        Label problems = label("start-problems", "start-problems");
        problems.textProperty().bind(vm.problemSummaryProperty());
        problems.visibleProperty().bind(vm.problemSummaryProperty().isNotEmpty()
                .and(progress.visibleProperty().not()));
        getChildren().addAll(buttons, progress, summary, problems);
    }

    private static Button button(String id, String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private static Label label(String id, String styleClass) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(styleClass);
        l.setWrapText(true);
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static BooleanBinding isNot(ObservableValue<RunState> state, RunState wanted) {
        return Bindings.createBooleanBinding(() -> state.getValue() != wanted, state);
    }
}
