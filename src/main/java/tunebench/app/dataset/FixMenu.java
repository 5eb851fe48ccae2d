package tunebench.app.dataset;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Dataset toolbar's Fix menu, whose items say what they would do ("Remove 1 exact
 * duplicate") and are enabled only when there is something to do, and the line under the
 * toolbar that says what the last fix did. The work is {@link FixActions}'; the dialogs that ask
 * for a seed or files are {@link FixDialogs}.
 */
final class FixMenu {

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private FixMenu() {}

    static MenuButton button(FixActions fixes, FixDialogs dialogs) {
        MenuItem duplicates = new MenuItem();
        duplicates.setId("fix-duplicates");
        duplicates.textProperty().bind(fixes.duplicatesTextProperty());
        duplicates.disableProperty().bind(fixes.canRemoveDuplicatesProperty().not());
        duplicates.setOnAction(e -> fixes.removeDuplicates());
        MenuItem near = new MenuItem();
        near.setId("fix-near-duplicates");
        near.textProperty().bind(fixes.nearTextProperty());
        near.disableProperty().bind(fixes.canRemoveNearProperty().not());
        near.setOnAction(e -> fixes.keepOnePerCluster());
        MenuItem shuffle = new MenuItem("Shuffle…");
        shuffle.setId("fix-shuffle");
        shuffle.disableProperty().bind(fixes.canReorderProperty().not());
        shuffle.setOnAction(e -> dialogs.shuffle());
        MenuItem split = new MenuItem("Split into train and validation…");
        split.setId("fix-split");
        split.disableProperty().bind(fixes.canWriteProperty().not());
        split.setOnAction(e -> dialogs.split());
        MenuItem convert = new MenuItem("Convert to another format…");
        convert.setId("fix-convert");
        convert.disableProperty().bind(fixes.canWriteProperty().not());
        convert.setOnAction(e -> dialogs.convert());
        MenuButton menu = new MenuButton("Fix", null, duplicates, near, new SeparatorMenuItem(), shuffle,
                new SeparatorMenuItem(), split, convert);
        menu.setId("fix-menu");
        menu.setMinWidth(Region.USE_PREF_SIZE);
        menu.setTooltip(new Tooltip("Remove duplicates, shuffle, split or convert the dataset"));
        return menu;
    }

    /** What the last fix changed, with "Open it" for a file it wrote; hidden when there is nothing to say. */
    static HBox messageBar(FixActions fixes, Consumer<Path> open) {
        Label text = new Label();
        text.setId("fix-message");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.textProperty().bind(fixes.messageProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        Button openIt = new Button("Open it");
        openIt.setId("fix-open");
        openIt.setMinWidth(Region.USE_PREF_SIZE);
        openIt.visibleProperty().bind(fixes.openableProperty().isNotNull());
        openIt.managedProperty().bind(openIt.visibleProperty());
        openIt.setOnAction(e -> {
            Path file = fixes.openableProperty().get();
            fixes.dismissMessage();
            open.accept(file);
        });
        Button dismiss = new Button("✕");
        dismiss.setId("fix-dismiss");
        dismiss.getStyleClass().add("fix-dismiss");
        dismiss.setTooltip(new Tooltip("Hide this message"));
        dismiss.setOnAction(e -> fixes.dismissMessage());
        HBox bar = new HBox(8, text, openIt, dismiss);
        bar.setId("fix-message-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("fix-message-bar");
        fixes.failedProperty().addListener((obs, old, failed) -> bar.pseudoClassStateChanged(FAILED, failed));
        bar.visibleProperty().bind(Bindings.isNotEmpty(fixes.messageProperty()));
        bar.managedProperty().bind(bar.visibleProperty());
        VBox.setMargin(bar, new Insets(0, 0, 8, 0));
        return bar;
    }
}
