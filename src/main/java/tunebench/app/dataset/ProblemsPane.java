package tunebench.app.dataset;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
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
import tunebench.engine.data.Counting;
import tunebench.engine.data.DataProblem;

/**
 * Every problem of the rows, in row order: line, kind (a coloured tag, red for what training
 * skips, like the table's marker), reason, and for a duplicate the line it repeats. Clicking a
 * problem shows its row; clicking "duplicate of line 2" shows that row.
 */
final class ProblemsPane extends VBox {

    ProblemsPane(DatasetViewModel vm) {
        super(6);
        getStyleClass().add("problems-pane");
        Label count = new Label();
        count.setId("problem-count");
        count.getStyleClass().add("muted");
        var entries = vm.filter().problemEntries();
        count.textProperty().bind(Bindings.createStringBinding(() -> entries.isEmpty() ? ""
                : Counting.of(entries.size(), "problem") + " in "
                        + Counting.of(vm.problemRows().size(), "example") + " · "
                        + Counting.of(skipped(vm), "example") + " that training would skip",
                entries, vm.problemRows()));
        HBox top = new HBox(10, count); // the tab already says "Problems"
        top.setAlignment(Pos.BASELINE_LEFT);

        ListView<RowProblem> list = new ListView<>(entries);
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
            RowProblem item = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && item != null) {
                vm.reveal(item.row());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(top, list);
    }

    private static long skipped(DatasetViewModel vm) {
        return vm.problemRows().stream()
                .filter(r -> r.problems().stream().anyMatch(p -> p.problem().isFatal())).count();
    }

    /**
     * The tag's colours by kind: what makes training skip a record in the table marker's red;
     * the rest, which training still uses, in calmer colours.
     */
    static String kindStyle(String kind) {
        String[] c = switch (kind) {
            case DataProblem.DUPLICATE, DataProblem.NEAR_DUPLICATE -> new String[] {"#6b21a8", "#f3e8ff"};
            case DataProblem.TOO_LONG -> new String[] {"#92400e", "#fef3c7"};
            case DataProblem.IMBALANCE -> new String[] {"#1e40af", "#dbeafe"};
            default -> new String[] {"-tb-problem", "-tb-problem-bg"};
        };
        return "-fx-text-fill: " + c[0] + "; -fx-background-color: " + c[1] + ";";
    }

    /** "line 13 · duplicate · same as an earlier example · duplicate of line 2". */
    private static final class ProblemCell extends ListCell<RowProblem> {

        private final Label line = new Label();
        private final Label kind = new Label();
        private final Label message = new Label();
        private final Hyperlink related = new Hyperlink();
        private final HBox box = new HBox(8, line, kind, message, related);
        private final Tooltip tip = new Tooltip();

        ProblemCell(DatasetViewModel vm) {
            line.getStyleClass().add("problem-line");
            line.setMinWidth(Region.USE_PREF_SIZE);
            kind.getStyleClass().add("kind-chip");
            kind.setMinWidth(Region.USE_PREF_SIZE);
            message.setMinWidth(0);
            related.getStyleClass().add("related-line");
            related.setMinWidth(Region.USE_PREF_SIZE);
            related.setOnAction(e -> {
                if (getItem() != null && getItem().related() != null) {
                    vm.reveal(getItem().related());
                }
                e.consume();
            });
            message.setTooltip(tip);
            box.setAlignment(Pos.CENTER_LEFT);
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && getItem() != null && !(e.getTarget() instanceof Hyperlink)
                        && !related.isHover()) {
                    vm.reveal(getItem().row());
                }
            });
        }

        @Override
        protected void updateItem(RowProblem item, boolean empty) {
            super.updateItem(item, empty);
            line.textProperty().unbind();
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            DataProblem p = item.problem();
            // The row's line changes when a save renumbers it; the entry stays.
            line.textProperty().bind(Bindings.createStringBinding(item.row()::lineText, item.row().recordProperty()));
            kind.setText(p.kind());
            kind.setStyle(kindStyle(p.kind()));
            message.setText(DatasetRow.readable(p.message()));
            tip.setText(message.getText());
            related.setText(item.relatedText());
            related.setVisible(item.related() != null);
            related.setManaged(item.related() != null);
            related.setTooltip(item.related() == null ? null : new Tooltip("Show " + item.related().lineText()));
            setGraphic(box);
        }
    }
}
