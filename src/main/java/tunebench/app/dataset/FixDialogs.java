package tunebench.app.dataset;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.Split;

/**
 * The dialogs of the Fix menu: a seed for a shuffle, the share, seed and files of a split, the
 * format and file of a conversion. Each checks its fields as they are typed (OK stays off while
 * one is wrong, with a sentence why) and asks before replacing a file; the work is {@link FixActions}'.
 */
final class FixDialogs {

    private final FixActions fixes;
    private final Supplier<Window> owner;

    FixDialogs(FixActions fixes, Supplier<Window> owner) {
        this.fixes = fixes;
        this.owner = owner;
    }

    void shuffle() {
        TextField seed = field("fix-seed", String.valueOf(FixActions.DEFAULT_SEED));
        Label why = problem(Bindings.createStringBinding(() -> seed(seed) == null ? "The seed is a whole number." : "",
                seed.textProperty()));
        Dialog<ButtonType> dialog = dialog("Shuffle the examples", new VBox(10,
                wrapped("Puts the examples in a random order. The same seed gives the same order, as"
                        + " “tunebench data shuffle --seed” does. Undo puts back the order."),
                grid(new Object[][] {{"Seed", seed}}), why));
        if (ok(dialog, why)) {
            fixes.shuffle(seed(seed));
        }
    }

    void split() {
        FixFiles files = fixes.files();
        TextField share = field("fix-share", String.valueOf(Math.round(100 * Split.DEFAULT_FRACTION)));
        TextField seed = field("fix-seed", String.valueOf(FixActions.DEFAULT_SEED));
        TextField train = field("fix-train", files.sibling("train").toString());
        TextField val = field("fix-val", files.sibling("val").toString());
        long categories = files.categories();
        String how = categories > 1 ? "Stratified by " + categories + " categories: each keeps its share in both files."
                : "The examples have no categories: a plain seeded random split.";
        Label why = problem(Bindings.createStringBinding(() -> {
            Double fraction = fraction(share);
            if (fraction == null) {
                return "The validation share is a percentage from 1 to 50.";
            }
            if (seed(seed) == null) {
                return "The seed is a whole number.";
            }
            return orEmpty(files.refusal(path(train), path(val)));
        }, share.textProperty(), seed.textProperty(), train.textProperty(), val.textProperty()));
        Dialog<ButtonType> dialog = dialog("Split into train and validation", new VBox(10,
                wrapped("Writes two new files beside the dataset; the open file is left as it is. " + how),
                unsavedNote(files, "the new files hold"),
                grid(new Object[][] {{"Validation share (%)", share}, {"Seed", seed},
                        {"Training file", withChooser(train, "*.jsonl", "*.json")},
                        {"Validation file", withChooser(val, "*.jsonl", "*.json")}}), why));
        if (ok(dialog, why) && replaceConfirmed(path(train), path(val))) {
            fixes.split(path(train), path(val), fraction(share), seed(seed));
        }
    }

    void convert() {
        FixFiles files = fixes.files();
        DataFormat current = fixes.currentFormat();
        ComboBox<DataFormat> format = new ComboBox<>();
        format.setId("fix-format");
        format.getItems().setAll(FixFiles.targets(current));
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(DataFormat f) {
                return f == null ? "" : DatasetFiles.formatName(f);
            }

            @Override
            public DataFormat fromString(String s) {
                return null;
            }
        });
        DataFormat first = current != null && current.isConversation() || current == DataFormat.PREFERENCE
                ? DataFormat.ALPACA : DataFormat.MESSAGES;
        format.setValue(first);
        TextField out = field("fix-out", files.convertTarget(first).toString());
        format.valueProperty().addListener((obs, old, now) -> out.setText(files.convertTarget(now).toString()));
        Label why = problem(Bindings.createStringBinding(() -> orEmpty(files.refusal(path(out))), out.textProperty()));
        Dialog<ButtonType> dialog = dialog("Convert to another format", new VBox(10,
                wrapped("Writes the examples in another format to a new file; the open file is left as it is."
                        + " What the new format cannot hold is listed, never lost silently."),
                unsavedNote(files, "the new file holds"),
                grid(new Object[][] {{"Format", format}, {"File", withChooser(out, "*.jsonl", "*.json", "*.csv")}}),
                why));
        if (ok(dialog, why) && replaceConfirmed(path(out))) {
            fixes.convert(format.getValue(), path(out));
        }
    }

    // ---- parts ----

    private Dialog<ButtonType> dialog(String title, Node content) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Tunebench");
        dialog.setHeaderText(title);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().setPrefWidth(560);
        if (owner.get() != null) {
            dialog.initOwner(owner.get());
        }
        return dialog;
    }

    /** Shows the dialog, OK enabled only while {@code why} is empty; true on OK. */
    private static boolean ok(Dialog<ButtonType> dialog, Label why) {
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        BooleanBinding wrong = Bindings.isNotEmpty(why.textProperty());
        ok.disableProperty().bind(wrong);
        return dialog.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    private boolean replaceConfirmed(Path... targets) {
        List<Path> existing = FixFiles.existing(targets);
        if (existing.isEmpty()) {
            return true;
        }
        String names = existing.stream().map(p -> "“" + p.getFileName() + "”").collect(Collectors.joining(" and "));
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "What " + (existing.size() == 1 ? "it holds" : "they hold")
                + " now is lost.", new ButtonType("Replace", ButtonType.OK.getButtonData()), ButtonType.CANCEL);
        alert.setTitle("Tunebench");
        alert.setHeaderText(names + (existing.size() == 1 ? " exists already" : " exist already") + ". Replace "
                + (existing.size() == 1 ? "it" : "them") + "?");
        if (owner.get() != null) {
            alert.initOwner(owner.get());
        }
        return alert.showAndWait().filter(b -> b != ButtonType.CANCEL).isPresent();
    }

    private static Label unsavedNote(FixFiles files, String what) {
        Label note = wrapped("The dataset has unsaved edits: " + what + " the examples as they are now,"
                + " edits included.");
        note.setId("fix-unsaved");
        note.setVisible(files.unsaved());
        note.setManaged(files.unsaved());
        return note;
    }

    private Node withChooser(TextField path, String... extensions) {
        Button choose = new Button("Choose…");
        choose.setMinWidth(Button.USE_PREF_SIZE);
        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Write to");
            Path now = path(path);
            chooser.setInitialDirectory(now.getParent() == null ? null : now.getParent().toFile());
            chooser.setInitialFileName(now.getFileName().toString());
            for (String ext : extensions) {
                chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.substring(1) + " files", ext));
            }
            File chosen = chooser.showSaveDialog(choose.getScene().getWindow());
            if (chosen != null) {
                path.setText(chosen.getPath());
            }
        });
        HBox.setHgrow(path, Priority.ALWAYS);
        return new HBox(6, path, choose);
    }

    private static GridPane grid(Object[][] rows) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        for (int i = 0; i < rows.length; i++) {
            Node value = (Node) rows[i][1];
            GridPane.setHgrow(value, Priority.ALWAYS);
            grid.addRow(i, new Label((String) rows[i][0]), value);
        }
        return grid;
    }

    private static TextField field(String id, String text) {
        TextField f = new TextField(text);
        f.setId(id);
        return f;
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(520);
        return l;
    }

    private static Label problem(StringBinding text) {
        Label l = wrapped("");
        l.setId("fix-problem");
        l.setStyle("-fx-text-fill: #b42318;");
        l.textProperty().bind(text);
        return l;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Path path(TextField f) {
        String text = f.getText().strip();
        return Path.of(text.isEmpty() ? "." : text).toAbsolutePath().normalize();
    }

    private static Long seed(TextField f) {
        try {
            return Long.parseLong(f.getText().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "10" (percent) as 0.1; null unless between 1 and 50. */
    private static Double fraction(TextField f) {
        try {
            double percent = Double.parseDouble(f.getText().strip().replace("%", ""));
            return percent >= 1 && percent <= 50 ? percent / 100 : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
