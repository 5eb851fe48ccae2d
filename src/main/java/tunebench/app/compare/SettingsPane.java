package tunebench.app.compare;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import tunebench.app.ErrorDialog;
import tunebench.app.RecentFolders;

/**
 * The left side of the Compare screen: what each column runs, the prompts, the shared
 * sampling settings, and blind mode. Everything edits the view-model; nothing runs here.
 */
final class SettingsPane extends VBox {

    private final CompareViewModel vm;
    private final RecentFolders folders;
    private final VBox columnRows = new VBox(6);
    private final SamplingForm sampling;
    private boolean filling;

    SettingsPane(CompareViewModel vm, RecentFolders folders) {
        super(10);
        this.vm = vm;
        this.folders = folders;
        getStyleClass().add("settings");
        this.sampling = new SamplingForm(vm.sampling());
        getChildren().addAll(columnsSection(), promptsSection(), sampling, blindSection());
        vm.columns().addListener((ListChangeListener<ColumnSource>) c -> fillColumns());
        vm.sources().items().addListener((ListChangeListener<ColumnSource>) c -> fillColumns());
        fillColumns();
    }

    /** Takes values still being typed into the sampling spinners. */
    void commitTyping() {
        sampling.commit();
    }

    private VBox columnsSection() {
        Label title = new Label("Columns");
        title.getStyleClass().add("section-title");
        Label base = new Label();
        base.getStyleClass().add("muted");
        base.setWrapText(true);
        base.textProperty().bind(Bindings.createStringBinding(() -> {
            String f = vm.baseFolderProperty().get();
            return f == null || f.isBlank() ? "No model open: open one in the Model screen (Ctrl+1)."
                    : "Base model: " + Path.of(f).getFileName() + ". Adapters from past runs are listed.";
        }, vm.baseFolderProperty()));
        Button add = new Button("+ Add column");
        add.setId("add-column");
        add.setTooltip(new Tooltip("Up to " + CompareViewModel.MAX_COLUMNS + " columns"));
        add.disableProperty().bind(Bindings.size(vm.columns()).greaterThanOrEqualTo(CompareViewModel.MAX_COLUMNS)
                .or(vm.statusModel().busyProperty()));
        add.setOnAction(e -> vm.addColumn());
        columnRows.setId("column-sources");
        return new VBox(6, title, base, columnRows, add);
    }

    /** One row per column: its number, what it runs, a folder button and a remove button. */
    private void fillColumns() {
        filling = true; // setting a combo's value below must not count as the user's choice
        columnRows.getChildren().clear();
        for (int i = 0; i < vm.columns().size(); i++) {
            columnRows.getChildren().add(columnRow(i));
        }
        filling = false;
    }

    private HBox columnRow(int index) {
        Label number = new Label(String.valueOf(index + 1));
        number.getStyleClass().add("column-number");
        number.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<ColumnSource> source = new ComboBox<>(vm.sources().items());
        source.setId("column-source-" + index);
        source.setMaxWidth(Double.MAX_VALUE);
        source.setValue(vm.columns().get(index));
        source.setTooltip(new Tooltip("The base model alone, or the base with an adapter"));
        source.disableProperty().bind(vm.statusModel().busyProperty());
        source.valueProperty().addListener((obs, old, now) -> {
            // A replaced row's combo may still fire as its list changes: only shown rows count.
            if (!filling && now != null && source.getScene() != null && source.getParent().getParent() == columnRows) {
                vm.setColumn(index, now);
            }
        });
        HBox.setHgrow(source, Priority.ALWAYS);
        Button folder = new Button("…");
        folder.setMinWidth(Region.USE_PREF_SIZE);
        folder.setTooltip(new Tooltip("Use an adapter folder from disk"));
        folder.disableProperty().bind(vm.statusModel().busyProperty());
        folder.setOnAction(e -> chooseAdapter(index));
        Button remove = new Button("✕");
        remove.setMinWidth(Region.USE_PREF_SIZE);
        remove.setId("remove-column-" + index);
        remove.setTooltip(new Tooltip("Remove this column"));
        remove.setDisable(vm.columns().size() <= CompareViewModel.MIN_COLUMNS);
        remove.setOnAction(e -> vm.removeColumn(index));
        HBox row = new HBox(6, number, source, folder, remove);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void chooseAdapter(int index) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a LoRA adapter folder");
        chooser.setInitialDirectory(folders.initialDirectory("adapter"));
        File chosen = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen == null) {
            return;
        }
        folders.remember("adapter", chosen.getParentFile());
        try {
            vm.setColumn(index, vm.sources().add(chosen.toPath()));
        } catch (IOException e) {
            ErrorDialog.show(getScene() == null ? null : getScene().getWindow(),
                    "“" + chosen.getName() + "” is not an adapter folder.", e.getMessage(), null);
        }
    }

    private VBox promptsSection() {
        Label title = new Label("Prompts");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Several prompts: put a line with only " + Prompts.SEPARATOR
                + " between them.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        TextArea prompts = new TextArea();
        prompts.setId("compare-prompts");
        prompts.setWrapText(true);
        prompts.setPrefRowCount(7);
        prompts.textProperty().bindBidirectional(vm.promptTextProperty());
        CheckBox raw = new CheckBox();
        raw.setId("raw-prompts");
        raw.selectedProperty().bindBidirectional(vm.rawProperty());
        raw.textProperty().bind(Bindings.when(vm.hasChatTemplateProperty())
                .then("Raw text (no chat template)")
                .otherwise("Raw text: this model has no chat template"));
        raw.disableProperty().bind(vm.hasChatTemplateProperty().not());
        raw.setTooltip(new Tooltip("Off: each prompt is sent as a user turn in the model's chat"
                + " template. On: the text goes in as typed, for base models."));
        return new VBox(6, title, hint, prompts, raw);
    }

    private VBox blindSection() {
        Label title = new Label("Blind mode");
        title.getStyleClass().add("section-title");
        CheckBox blind = new CheckBox("Hide which column is which");
        blind.setId("blind-mode");
        blind.selectedProperty().bindBidirectional(vm.blindProperty());
        Label hint = new Label("Answers are shuffled per prompt and shown as A, B, …; pick the"
                + " better one to reveal the names and save the pair for DPO. With more than"
                + " two columns, pick the best: it is saved as chosen against each other answer.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        return new VBox(6, title, blind, hint);
    }
}
