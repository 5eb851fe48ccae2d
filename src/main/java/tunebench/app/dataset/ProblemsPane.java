package tunebench.app.dataset;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import tunebench.engine.data.DataProblem;

/**
 * The examples training could not use, by line, kind and reason (the engine's own check).
 * Clicking one selects its row in the table and scrolls to it.
 */
final class ProblemsPane extends VBox {

    ProblemsPane(DatasetViewModel vm) {
        super(6);
        getStyleClass().add("problems-pane");
        Label heading = new Label("Problems");
        heading.getStyleClass().add("section-title");
        Label count = new Label();
        count.getStyleClass().add("muted");
        count.textProperty().bind(Bindings.createStringBinding(() -> vm.problemRows().isEmpty() ? ""
                : DatasetFiles.count(vm.problemRows().size(), "example") + " that training would skip",
                vm.problemRows()));
        HBox top = new HBox(10, heading, count);
        top.setAlignment(Pos.BASELINE_LEFT);

        ListView<DatasetRow> list = new ListView<>(vm.problemRows());
        list.setId("problem-list");
        list.getStyleClass().add("problem-list");
        list.setPlaceholder(new Label("No problems: training can use every example."));
        list.setCellFactory(v -> {
            ProblemCell cell = new ProblemCell(vm);
            // As wide as the list, so a long message ends in "…" rather than a scroll bar.
            cell.box.maxWidthProperty().bind(list.widthProperty().subtract(28));
            return cell;
        });
        list.setOnKeyPressed(e -> {
            DatasetRow item = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && item != null) {
                vm.reveal(item);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(top, list);
    }

    /** "line 7 · missing-field · missing field 'output'"; a click shows the row. */
    private static final class ProblemCell extends ListCell<DatasetRow> {

        private final Label line = new Label();
        private final Label kind = new Label();
        private final Label message = new Label();
        private final HBox box = new HBox(8, line, kind, message);
        private final Tooltip tip = new Tooltip();

        ProblemCell(DatasetViewModel vm) {
            line.getStyleClass().add("problem-line");
            line.setMinWidth(Region.USE_PREF_SIZE);
            kind.getStyleClass().add("kind-chip");
            kind.setMinWidth(Region.USE_PREF_SIZE);
            message.setMinWidth(0);
            tip.textProperty().bind(message.textProperty());
            message.setTooltip(tip);
            box.setAlignment(Pos.CENTER_LEFT);
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && getItem() != null) {
                    vm.reveal(getItem());
                }
            });
        }

        @Override
        protected void updateItem(DatasetRow item, boolean empty) {
            super.updateItem(item, empty);
            line.textProperty().unbind();
            kind.textProperty().unbind();
            message.textProperty().unbind();
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            // The row's problem may change while it stays in the list (fixed one field of two).
            line.textProperty().bind(Bindings.createStringBinding(item::lineText, item.recordProperty()));
            kind.textProperty().bind(Bindings.createStringBinding(
                    () -> kind(item.problem()), item.problemProperty()));
            message.textProperty().bind(Bindings.createStringBinding(item::problemMessage, item.problemProperty()));
            setGraphic(box);
        }

        private static String kind(DataProblem p) {
            return p == null ? "" : p.kind();
        }
    }
}
