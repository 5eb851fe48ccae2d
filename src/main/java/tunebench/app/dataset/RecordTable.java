package tunebench.app.dataset;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.TurnFields;

/**
 * The examples as a virtualized table, in file order (no sorting: positions are what a file
 * has). Columns follow the format: instruction / input / output for Alpaca, the first user
 * turn and answer for conversations, the text for plain text, the JSON when none is known.
 */
final class RecordTable extends TableView<DatasetRow> {

    private static final int MAX_CELL_CHARS = 240;

    private final DatasetViewModel vm;

    RecordTable(DatasetViewModel vm) {
        super(vm.visibleRows());
        this.vm = vm;
        setId("dataset-table");
        getStyleClass().add("record-table");
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        rebuildColumns(vm.formatProperty().get());
        vm.formatProperty().addListener((obs, old, now) -> rebuildColumns(now));
    }

    /** Selects the rows and scrolls to the first unless it is already in view. */
    void show(List<DatasetRow> rows) {
        int first = rows.isEmpty() ? -1 : getItems().indexOf(rows.get(0));
        boolean same = getSelectionModel().getSelectedItems().size() == rows.size()
                && getSelectionModel().getSelectedItems().containsAll(rows);
        if (!same) {
            // In one step, so the editor never sees "nothing selected" and rebuilds mid-typing.
            if (first >= 0) {
                getSelectionModel().clearAndSelect(first);
            } else {
                getSelectionModel().clearSelection();
            }
            for (DatasetRow row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                int index = getItems().indexOf(row);
                if (index >= 0) {
                    getSelectionModel().select(index);
                }
            }
        }
        if (first >= 0 && !inView(first)) {
            scrollTo(Math.max(0, first - 2));
        }
    }

    private boolean inView(int index) {
        if (!(lookup(".virtual-flow") instanceof VirtualFlow<?> flow)
                || flow.getFirstVisibleCell() == null || flow.getLastVisibleCell() == null) {
            return false;
        }
        return index > flow.getFirstVisibleCell().getIndex() && index < flow.getLastVisibleCell().getIndex();
    }

    private void rebuildColumns(DataFormat format) {
        getColumns().setAll(List.of(numberColumn(), markerColumn(), lineColumn()));
        if (format == null) {
            getColumns().add(textColumn("JSON", 1, true, r -> r.isRaw() ? null : r.json()));
            return;
        }
        switch (format) {
            case ALPACA -> getColumns().addAll(List.of(
                    textColumn("Instruction", 3, true, r -> r.text("instruction")),
                    textColumn("Input", 2, false, r -> r.text("input")),
                    textColumn("Output", 3, false, r -> r.text("output"))));
            case TEXT -> getColumns().add(textColumn("Text", 1, true, r -> r.text("text")));
            case DOLLY, OASST, PREFERENCE -> format.fields().forEach(name -> getColumns().add(
                    textColumn(Character.toUpperCase(name.charAt(0)) + name.substring(1),
                            name.equals("category") || name.equals("role") ? 1 : 3, false, r -> r.text(name))));
            case MESSAGES, SHAREGPT -> {
                TurnFields fields = TurnFields.of(format).orElseThrow();
                getColumns().addAll(List.of(
                        textColumn("User", 3, true, r -> firstTurn(r, format, fields.userRole())),
                        textColumn("Assistant", 3, false, r -> firstTurn(r, format, fields.assistantRole())),
                        turnsColumn(format)));
            }
        }
    }

    private TableColumn<DatasetRow, Number> numberColumn() {
        TableColumn<DatasetRow, Number> c = new TableColumn<>("#");
        c.setCellValueFactory(cd -> cd.getValue().numberProperty());
        fixed(c, 56, "number-column");
        return c;
    }

    private TableColumn<DatasetRow, DataProblem> markerColumn() {
        TableColumn<DatasetRow, DataProblem> c = new TableColumn<>("");
        c.setCellValueFactory(cd -> cd.getValue().problemProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(DataProblem problem, boolean empty) {
                super.updateItem(problem, empty);
                if (empty || problem == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                Label mark = new Label("!");
                mark.getStyleClass().add("problem-marker");
                setGraphic(mark);
                setTooltip(new Tooltip(problem.kind() + ": " + DatasetRow.readable(problem.message())));
            }
        });
        fixed(c, 30, "marker-column");
        return c;
    }

    private TableColumn<DatasetRow, String> lineColumn() {
        TableColumn<DatasetRow, String> c = new TableColumn<>("Line");
        c.setCellValueFactory(cd -> bind(cd.getValue(), r -> r.line() > 0 ? Integer.toString(r.line()) : "new"));
        fixed(c, 58, "line-column");
        return c;
    }

    private TableColumn<DatasetRow, Number> turnsColumn(DataFormat format) {
        TableColumn<DatasetRow, Number> c = new TableColumn<>("Turns");
        c.setCellValueFactory(cd -> Bindings.createIntegerBinding(
                () -> cd.getValue().record().turns(format).map(List::size).orElse(0),
                cd.getValue().recordProperty()));
        fixed(c, 64, "number-column");
        return c;
    }

    /** A column of one-line previews; a raw row shows its text in the first such column. */
    private TableColumn<DatasetRow, String> textColumn(String title, double weight, boolean first,
            Function<DatasetRecord, String> value) {
        TableColumn<DatasetRow, String> c = new TableColumn<>(title);
        c.setSortable(false);
        c.setPrefWidth(120 * weight);
        c.setCellValueFactory(cd -> bind(cd.getValue(), r -> !fits(r) ? (first ? r.compactJson() : "")
                : value.apply(r)));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : oneLine(text));
                DatasetRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                getStyleClass().removeAll("raw-cell", "other-format-cell");
                if (row != null && first && !fits(row.record())) {
                    getStyleClass().add(row.record().isRaw() ? "raw-cell" : "other-format-cell");
                }
            }
        });
        return c;
    }

    /** Whether the record can be shown in the format's columns: not raw, not another format. */
    private boolean fits(DatasetRecord r) {
        DataFormat own = r.format().orElse(null);
        return !r.isRaw() && (own == null || own == vm.formatProperty().get());
    }

    private static ObservableValue<String> bind(DatasetRow row, Function<DatasetRecord, String> value) {
        return Bindings.createStringBinding(() -> value.apply(row.record()), row.recordProperty());
    }

    private static String firstTurn(DatasetRecord r, DataFormat format, String role) {
        return r.turns(format).flatMap(turns -> turns.stream()
                .filter(t -> t.role().equalsIgnoreCase(role)).findFirst())
                .map(t -> t.content()).orElse("");
    }

    /** Line breaks as ↵ and long text cut, so every row is one line high. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > MAX_CELL_CHARS ? text.substring(0, MAX_CELL_CHARS) + "…" : text;
        return cut.replace("\r\n", "\n").replace("\n", " ↵ ").strip();
    }

    private static void fixed(TableColumn<DatasetRow, ?> c, double width, String style) {
        c.setSortable(false);
        c.setResizable(false);
        c.setReorderable(false);
        c.setMinWidth(width);
        c.setMaxWidth(width);
        c.setPrefWidth(width);
        c.getStyleClass().add(style);
    }
}
