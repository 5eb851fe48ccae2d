package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.TurnFields;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The selected example in multi-line editors: its fields (or its turns) on one tab, its whole
 * JSON on the next, and how the model will read it on the Preview tab. Typing edits the row as it goes, so the table, the problems and the
 * unsaved marker follow every keystroke; undo and redo flow back into the editors.
 */
final class RecordEditor extends StackPane {

    private static final List<String> ALPACA_FIELDS = List.of("instruction", "input", "output");

    private final DatasetViewModel vm;
    private final Label title = new Label();
    private final Label where = new Label();
    private final Label problem = new Label();
    private final Label note = new Label();
    private final VBox fields = new VBox(12);
    private final Tab fieldsTab = new Tab("Fields");
    private final Tab jsonTab = new Tab("JSON");
    private final Tab previewTab = new Tab("Preview");
    private final TabPane tabs = new TabPane(fieldsTab, jsonTab, previewTab);
    private final JsonPane json;
    private final PreviewViewModel preview;
    private final List<Runnable> syncers = new ArrayList<>();
    private final ChangeListener<DatasetRecord> onRecord = (obs, old, now) -> recordChanged();
    private final InvalidationListener onHeader = obs -> header();
    private final VBox content;
    private DatasetRow row;
    private String shape = "";
    private boolean syncing;

    RecordEditor(DatasetViewModel vm, PreviewViewModel preview) {
        this.vm = vm;
        this.preview = preview;
        setId("record-editor");
        getStyleClass().add("record-editor");
        title.getStyleClass().add("section-title");
        where.getStyleClass().add("muted");
        problem.getStyleClass().add("problem-banner");
        problem.setId("record-problem");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        problem.managedProperty().bind(problem.visibleProperty());
        note.getStyleClass().addAll("muted", "editor-note");
        note.setWrapText(true);
        note.managedProperty().bind(note.visibleProperty());
        ScrollPane scroll = new ScrollPane(fields);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("fields-scroll");
        fieldsTab.setContent(scroll);
        json = new JsonPane(vm);
        jsonTab.setContent(json);
        previewTab.setId("preview-tab");
        previewTab.setContent(new TemplatePreview(preview));
        previewTab.setTooltip(new javafx.scene.control.Tooltip(
                "The example as the open model reads it after its chat template, trained tokens highlighted"));
        // Rendering and tokenizing as the user types costs nothing while the tab is hidden.
        preview.setActive(false);
        previewTab.selectedProperty().addListener((obs, was, is) -> preview.setActive(is));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        HBox heading = new HBox(10, title, where);
        heading.setAlignment(Pos.BASELINE_LEFT);
        content = new VBox(8, heading, problem, note, tabs);
        Label none = new Label("Select an example to see and edit it here.");
        none.getStyleClass().add("muted");
        none.setWrapText(true);
        getChildren().addAll(none, content);
        content.setVisible(false);
        vm.formatProperty().addListener((obs, old, now) -> rebuild());
    }

    /** Edits this row from now on; null shows the hint. */
    void show(DatasetRow next) {
        if (next == row) {
            return;
        }
        vm.endTyping();
        if (row != null) {
            row.recordProperty().removeListener(onRecord);
            row.problemProperty().removeListener(onHeader);
            row.numberProperty().removeListener(onHeader);
        }
        row = next;
        preview.show(row);
        content.setVisible(row != null);
        if (row != null) {
            row.recordProperty().addListener(onRecord);
            row.problemProperty().addListener(onHeader);
            row.numberProperty().addListener(onHeader);
            json.show(row);
            rebuild();
        }
    }

    /** Rebuilds the editors when the record's shape changes; otherwise updates their text. */
    private void recordChanged() {
        if (!shape.equals(shape(row.record()))) {
            rebuild();
            return;
        }
        syncing = true;
        syncers.forEach(Runnable::run);
        syncing = false;
        json.sync();
        header();
    }

    private void rebuild() {
        if (row == null) {
            return;
        }
        DatasetRecord record = row.record();
        DataFormat format = vm.formatProperty().get();
        shape = shape(record);
        syncers.clear();
        fields.getChildren().clear();
        List<ChatMessage> turns = format == null ? null : record.turns(format).orElse(null);
        DataFormat own = record.format().orElse(format);
        boolean editable = !record.isRaw() && format != null && own == format
                && (TurnFields.of(format).isEmpty() || turns != null);
        note.setVisible(!editable);
        note.setText(editable ? "" : whyJsonOnly(record, format, own));
        if (!editable) {
            fields.getChildren().add(muted(note.getText()));
        } else if (format == DataFormat.ALPACA) {
            alpacaFields(row);
        } else if (format == DataFormat.TEXT) {
            fields.getChildren().add(field(row, "text", "the text the model learns to continue", 16));
        } else {
            turnEditors(row, format, turns);
        }
        fieldsTab.setDisable(!editable);
        if (!previewTab.isSelected() || record.isRaw()) { // a user previewing row after row stays there
            tabs.getSelectionModel().select(editable ? fieldsTab : jsonTab);
        }
        json.sync();
        header();
    }

    private void alpacaFields(DatasetRow target) {
        DatasetRecord record = target.record();
        List<String> names = new ArrayList<>(ALPACA_FIELDS);
        record.fieldNames().stream()
                .filter(n -> !names.contains(n) && record.isText(n) && record.text(n) != null)
                .forEach(names::add);
        for (String name : names) {
            fields.getChildren().add(field(target, name, hint(name), 0));
        }
    }

    /** Editors act on the row they were built for, even if a late event arrives after a switch. */
    private VBox field(DatasetRow target, String name, String hint, int rows) {
        DatasetRecord record = target.record();
        TextArea area = area("field-" + name, value(record, name), rows);
        area.setDisable(!record.isText(name));
        area.textProperty().addListener((obs, old, now) -> {
            if (!syncing) {
                vm.editText(target, name, now);
            }
        });
        syncers.add(() -> setText(area, value(target.record(), name)));
        Label label = new Label(capitalized(name));
        label.getStyleClass().add("field-label");
        Label note = muted(record.isText(name) ? hint : "Not text: edit it on the JSON tab.");
        note.getStyleClass().add("field-hint");
        HBox top = new HBox(8, label, note);
        top.setAlignment(Pos.BASELINE_LEFT);
        return new VBox(4, top, area);
    }

    private void turnEditors(DatasetRow target, DataFormat format, List<ChatMessage> turns) {
        TurnFields tf = TurnFields.of(format).orElseThrow();
        for (int i = 0; i < turns.size(); i++) {
            int index = i;
            ComboBox<String> role = new ComboBox<>(FXCollections.observableArrayList(tf.roles()));
            role.setId("turn-role-" + i);
            role.setEditable(true);
            role.setValue(turns.get(i).role());
            role.setPrefWidth(130);
            TextArea area = area("turn-" + i, turns.get(i).content(), 0);
            role.valueProperty().addListener((obs, old, now) -> {
                if (!syncing && now != null) {
                    vm.editTurn(target, index, now.strip(), turn(target, format, index).content());
                    vm.endTyping();
                }
            });
            area.textProperty().addListener((obs, old, now) -> {
                if (!syncing) {
                    vm.editTurn(target, index, turn(target, format, index).role(), now);
                }
            });
            syncers.add(() -> {
                role.setValue(turn(target, format, index).role());
                setText(area, turn(target, format, index).content());
            });
            Button remove = new Button("Remove");
            remove.getStyleClass().add("small-button");
            remove.setOnAction(e -> vm.removeTurn(target, index));
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox top = new HBox(8, muted("Turn " + (i + 1)), role, spacer, remove);
            top.setAlignment(Pos.CENTER_LEFT);
            VBox card = new VBox(6, top, area);
            card.getStyleClass().addAll("turn-card", "turn-" + turns.get(i).role().toLowerCase(Locale.ROOT));
            fields.getChildren().add(card);
        }
        Button add = new Button("Add turn");
        add.setId("add-turn");
        add.setOnAction(e -> vm.addTurn(target));
        fields.getChildren().add(add);
    }

    private static ChatMessage turn(DatasetRow target, DataFormat format, int index) {
        return target.record().turns(format).orElseThrow().get(index);
    }

    private TextArea area(String id, String text, int rows) {
        TextArea area = new TextArea(text);
        area.setId(id);
        area.setWrapText(true);
        area.setPrefRowCount(rows > 0 ? rows : Math.max(2, Math.min(12, text.length() / 60 + 1
                + (int) text.chars().filter(c -> c == '\n').count())));
        area.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                vm.endTyping(); // the next typing here is a new edit
            }
        });
        return area;
    }

    private void setText(TextArea area, String text) {
        if (!area.getText().equals(text)) {
            int caret = area.getCaretPosition();
            area.setText(text);
            area.positionCaret(Math.min(caret, text.length()));
        }
    }

    private void header() {
        if (row == null) {
            return;
        }
        title.setText("Example " + row.number());
        where.setText(row.record().line() > 0 ? row.lineText() : "not saved yet");
        problem.setVisible(row.problem() != null);
        problem.setText(row.problem() == null ? "" : "⚠ " + row.problemMessage());
    }

    /**
     * What decides which editors there are: raw or not, the number of turns, the extra text
     * fields, which fields are text. Filling in an absent field must not rebuild the editor the
     * user is typing in.
     */
    private String shape(DatasetRecord r) {
        DataFormat f = vm.formatProperty().get();
        if (r.isRaw() || f == null) {
            return "raw";
        }
        return f + " " + r.format().orElse(f) + " " + r.turns(f).map(t -> Integer.toString(t.size())).orElse("-") + " "
                + r.fieldNames().stream().filter(n -> !ALPACA_FIELDS.contains(n) && r.isText(n)
                        && r.text(n) != null).toList()
                + ALPACA_FIELDS.stream().map(r::isText).toList() + r.isText("text");
    }

    private static String whyJsonOnly(DatasetRecord record, DataFormat format, DataFormat own) {
        if (record.isRaw()) {
            return "This line is not valid JSON. Fix it on the JSON tab; until then it is saved as it is.";
        }
        if (format == null) {
            return "Tunebench does not recognise this file's format. Edit the record on the JSON tab.";
        }
        if (own != format) {
            return "This record is written as " + DatasetFiles.formatName(own) + ", unlike the rest of"
                    + " the file (" + DatasetFiles.formatName(format) + "). Training reads every record"
                    + " as the file's format: rewrite it on the JSON tab.";
        }
        return "This record's turns are not a list of roles and texts. Edit it on the JSON tab.";
    }

    private static String value(DatasetRecord r, String name) {
        String text = r.text(name);
        return text == null ? "" : text;
    }

    private static String hint(String name) {
        return switch (name) {
            case "instruction" -> "what the model is asked";
            case "input" -> "optional context, added after the instruction";
            case "output" -> "the answer the model learns to give";
            case "system" -> "system prompt";
            default -> "";
        };
    }

    private static String capitalized(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        label.setWrapText(true);
        return label;
    }
}
