package tunebench.app.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * Makes the form's controls, each bound to its config key: the text as typed goes straight
 * to the form, and the key's problem, as it stands after each keystroke, turns the control
 * red (the {@code :invalid} pseudo-class), puts the sentence under it and in its tooltip.
 */
final class FormControls {

    static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final RunConfigForm form;
    private final ObservableMap<String, String> problems;
    private final Map<String, List<Node>> marked = new HashMap<>();
    /** A key's problem sentences: one per place its field is shown (DPO's start adapter). */
    private final Map<String, List<Label>> messages = new HashMap<>();

    FormControls(RunConfigForm form, ObservableMap<String, String> problems) {
        this.form = form;
        this.problems = problems;
        problems.addListener((MapChangeListener<String, String>) c -> mark(c.getKey()));
    }

    /** "field-optim-lr": ids tests and stylesheets can use. */
    static String id(String key) {
        return "field-" + key.replace('.', '-').replace('_', '-');
    }

    TextField text(String key) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(form.text(key));
        return watch(key, field);
    }

    /** A short field for a number. */
    TextField number(String key) {
        TextField field = text(key);
        field.setPrefColumnCount(7);
        field.getStyleClass().add("number-field");
        return field;
    }

    TextArea area(String key, int rows) {
        TextArea area = new TextArea();
        area.textProperty().bindBidirectional(form.text(key));
        area.setPrefRowCount(rows);
        area.setWrapText(false); // a wrapped prompt would read as two prompts
        return watch(key, area);
    }

    /** A choice stored as the key's text ("cosine", "chatml"). */
    ComboBox<String> choice(String key, List<String> options) {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(options);
        box.valueProperty().bindBidirectional(form.text(key));
        return watch(key, box);
    }

    CheckBox check(String key, BooleanProperty value, String text) {
        CheckBox box = new CheckBox(text);
        box.setMnemonicParsing(false);
        box.setWrapText(true);
        box.selectedProperty().bindBidirectional(value);
        return watch(key, box);
    }

    /** Marks any node for a key's problem (the target-module checklist). */
    <T extends Node> T watch(String key, T node) {
        if (node.getId() == null) {
            node.setId(id(key));
        }
        marked.computeIfAbsent(key, k -> new ArrayList<>()).add(node);
        mark(key);
        return node;
    }

    /** The red sentence shown under a key's field while it has a problem; new at each call. */
    Label message(String key) {
        Label label = new Label();
        label.getStyleClass().add("field-problem");
        label.setWrapText(true);
        label.managedProperty().bind(label.visibleProperty());
        messages.computeIfAbsent(key, k -> new ArrayList<>()).add(label);
        mark(key);
        return label;
    }

    /** The control with its problem sentence underneath. */
    VBox withMessage(String key, Node control) {
        return new VBox(2, control, message(key));
    }

    private void mark(String key) {
        String problem = problems.get(key);
        for (Node node : marked.getOrDefault(key, List.of())) {
            node.pseudoClassStateChanged(INVALID, problem != null);
            if (node instanceof Control c) {
                c.setTooltip(new Tooltip(problem == null ? FieldLabels.hint(key)
                        : FieldLabels.label(key) + ": " + problem + "\n" + FieldLabels.hint(key)));
            }
        }
        for (Label label : messages.getOrDefault(key, List.of())) {
            label.setText(problem == null ? "" : problem);
            label.setVisible(problem != null);
        }
    }
}
