package tunebench.app.compare;

import java.io.File;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * Blind mode's verdict bar under the answers: "A is better" / "B is better" / "Tie" / "Skip"
 * (with more columns, "A is best" ...), then the reveal, and where the choices are saved.
 */
final class BlindBar extends VBox {

    private final CompareViewModel vm;
    private final HBox buttons = new HBox(8);
    private final Label file = new Label();

    BlindBar(CompareViewModel vm) {
        super(6);
        this.vm = vm;
        setId("blind-bar");
        getStyleClass().add("blind-bar");
        file.getStyleClass().add("muted");
        file.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> savedText(),
                vm.judge().fileProperty(), vm.judge().savedPairsProperty()));
        Button change = new Button("Change…");
        change.setId("preference-file");
        change.setTooltip(new Tooltip("Choose the JSONL file choices are added to"));
        change.setOnAction(e -> chooseFile());
        change.setMinWidth(Region.USE_PREF_SIZE);
        file.setTooltip(new Tooltip("Each pick adds {\"prompt\", \"chosen\", \"rejected\"} lines,"
                + " the format DPO training reads"));
        HBox fileRow = new HBox(8, file, change);
        fileRow.setAlignment(Pos.CENTER_LEFT);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(buttons, fileRow);
    }

    /** Shows the choices for this prompt; hidden outside blind mode. */
    void show(PromptResult prompt, Comparison c) {
        boolean on = vm.blindProperty().get() && prompt != null && c != null;
        setVisible(on);
        setManaged(on);
        buttons.getChildren().clear();
        if (!on) {
            return;
        }
        PromptResult.Verdict verdict = prompt.verdictProperty().get();
        if (verdict != null) {
            buttons.getChildren().addAll(reveal(prompt, c, verdict), nextButton("Next prompt ›", prompt, c));
            return;
        }
        int n = prompt.outputs().size();
        boolean ready = BlindJudge.canJudge(prompt);
        for (int pos = 0; pos < n; pos++) {
            int position = pos;
            Button b = new Button(PromptResult.letter(pos) + (n == 2 ? " is better" : " is best"));
            b.setId("choose-" + PromptResult.letter(pos));
            b.setDisable(!ready);
            b.setOnAction(e -> vm.judge().choose(prompt, position));
            buttons.getChildren().add(b);
        }
        Button tie = new Button("Tie");
        tie.setId("choose-tie");
        tie.setDisable(!ready);
        tie.setTooltip(new Tooltip("Equally good or bad: revealed, nothing saved"));
        tie.setOnAction(e -> vm.judge().tie(prompt));
        buttons.getChildren().addAll(tie, nextButton("Skip ›", prompt, c));
        if (!ready) {
            Label wait = new Label("Choose once every answer is complete.");
            wait.getStyleClass().add("muted");
            buttons.getChildren().add(wait);
        }
    }

    private Label reveal(PromptResult prompt, Comparison c, PromptResult.Verdict v) {
        String text = v.tie() ? "A tie: nothing saved."
                : "You chose " + PromptResult.letter(prompt.blindPosition(v.winner())) + ": “"
                        + c.columns().get(v.winner()).label() + "”.";
        StringBuilder who = new StringBuilder(text);
        for (int pos = 0; pos < prompt.outputs().size(); pos++) {
            who.append(pos == 0 ? "  " : ", ").append(PromptResult.letter(pos)).append(" was ")
                    .append(c.columns().get(prompt.blindOrder()[pos]).label());
        }
        Label l = new Label(who.toString());
        l.setId("blind-reveal");
        l.getStyleClass().add("reveal");
        l.setWrapText(true);
        HBox.setHgrow(l, Priority.ALWAYS);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private Button nextButton(String text, PromptResult prompt, Comparison c) {
        int index = c.prompts().indexOf(prompt);
        Button next = new Button(text);
        next.setId("blind-next");
        next.setDisable(index >= c.prompts().size() - 1);
        next.setOnAction(e -> vm.showPrompt(index + 1));
        return next;
    }

    private String savedText() {
        var target = vm.judge().fileProperty().get();
        int saved = vm.judge().savedPairsProperty().get();
        return "Choices go to " + (target == null ? "?" : target.getFileName()) + " as DPO pairs"
                + (saved == 0 ? "." : " · " + saved + (saved == 1 ? " pair" : " pairs") + " saved.");
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save choices to");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl"));
        var current = vm.judge().fileProperty().get();
        if (current != null) {
            File dir = current.toAbsolutePath().getParent().toFile();
            chooser.setInitialDirectory(dir.isDirectory() ? dir : null);
            chooser.setInitialFileName(current.getFileName().toString());
        }
        File chosen = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            vm.judge().fileProperty().set(chosen.toPath());
        }
    }
}
