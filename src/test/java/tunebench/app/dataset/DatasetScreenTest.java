package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import tunebench.app.BackgroundTaskRunner;
import tunebench.app.MainWindow;
import tunebench.app.Navigation.Section;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetRecord;

/** The Dataset screen in the real window under headless Monocle, reading files in the background. */
@ExtendWith(ApplicationExtension.class)
class DatasetScreenTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private BackgroundTaskRunner runner;
    private Workbench workbench;
    private DatasetViewModel vm;
    private Path file;
    private List<String> original;

    @Start
    void start(Stage stage) throws IOException {
        // Autosaves of this test's edits stay in its temp folder, not the user's data folder.
        System.setProperty(AutosaveStore.FOLDER_PROPERTY, tmp.resolve("autosave").toString());
        file = Files.copy(Path.of("sample-data", "flawed.jsonl"), tmp.resolve("flawed.jsonl"));
        original = Files.readAllLines(file);
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        runner = new BackgroundTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets")));
        workbench = new Workbench(runner, prefs, model, tmp);
        workbench.datasetFileProperty().set(file); // as the app does with the sample data
        workbench.sectionProperty().set(Section.DATASET);
        MainWindow window = new MainWindow(workbench);
        window.show(stage);
        vm = ((DatasetScreen) window.screen(Section.DATASET)).viewModel();
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        runner.shutdown();
        prefs.removeNode();
        System.clearProperty(AutosaveStore.FOLDER_PROPERTY);
    }

    private void waitUntilOpen(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> label(robot, "#dataset-summary").startsWith("32 examples · "));
    }

    @Test
    void opensTheWorkbenchDatasetEditsACellUndoesRedoesAndSaves(FxRobot robot) throws Exception {
        waitUntilOpen(robot);
        assertEquals("flawed.jsonl · JSON Lines · Alpaca: instruction, input, output",
                label(robot, "#dataset-subtitle"));

        robot.clickOn(tableRow(robot, 1));
        TextArea output = robot.lookup("#field-output").queryAs(TextArea.class);
        robot.clickOn(output).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("owl horse");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("owl horse", vm.rows().get(1).record().text("output"));
        assertTrue(robot.lookup("#dataset-dirty").query().isVisible(), "Unsaved changes shows");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("owl horse mud whale", output.getText(), "undo flows back into the editor");
        robot.press(KeyCode.CONTROL, KeyCode.Y).release(KeyCode.Y, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("owl horse", output.getText());
        assertTrue(output.isFocused(), "undo and redo keep the editor the user types in");

        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !vm.dirtyProperty().get());

        List<String> saved = Files.readAllLines(file);
        assertEquals(original.size(), saved.size());
        assertEquals("{\"instruction\":\"Reverse the order of these words.\",\"input\":\"whale mud horse owl\","
                + "\"output\":\"owl horse\"}", saved.get(1));
        for (int i = 0; i < saved.size(); i++) {
            if (i != 1) {
                assertEquals(original.get(i), saved.get(i), "line " + (i + 1) + " is untouched");
            }
        }
    }

    @Test
    void clickingAProblemSelectsItsRowAndTheEditorSaysWhy(FxRobot robot) throws Exception {
        waitUntilOpen(robot);

        robot.clickOn("'output' is empty");
        WaitForAsyncUtils.waitForFxEvents();

        TableView<?> table = robot.lookup("#dataset-table").queryAs(TableView.class);
        assertEquals(9, table.getSelectionModel().getSelectedIndex());
        assertTrue(labelShown(robot, "Example 10"));
        assertEquals("⚠ 'output' is empty", label(robot, "#record-problem"));
    }

    @Test
    void theDeleteKeyDeletesRowsFromTheTableButLettersInAnEditor(FxRobot robot) throws Exception {
        waitUntilOpen(robot);
        robot.clickOn(tableRow(robot, 0));
        TextArea instruction = robot.lookup("#field-instruction").queryAs(TextArea.class);
        robot.clickOn(instruction).press(KeyCode.HOME).release(KeyCode.HOME);
        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(32, vm.rows().size());
        assertEquals("rite the words below from last to first.", vm.rows().get(0).record().text("instruction"));

        robot.clickOn(tableRow(robot, 2)).press(KeyCode.DELETE).release(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(31, vm.rows().size());
        // The record problems, then the duplicates once the whole-file check has run again.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> label(robot, "#dataset-summary").equals("31 examples · 8 problems"));
    }

    @Test
    void aFileThatIsNotADatasetShowsAReadableError(FxRobot robot) throws Exception {
        waitUntilOpen(robot);
        Path binary = Files.write(tmp.resolve("data.jsonl"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2});

        robot.interact(() -> workbench.datasetFileProperty().set(binary));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> errorDialog().isPresent());

        DialogPane pane = errorDialog().orElseThrow();
        assertEquals("Could not open “data.jsonl”.", pane.getHeaderText());
        assertTrue(pane.getContentText().contains("neither JSON nor JSON Lines"), pane.getContentText());
        assertFalse(pane.getContentText().contains("Exception"), "a sentence, not a stack trace");
        assertEquals(32, vm.rows().size(), "the open file stays");
        assertEquals(file, workbench.datasetFileProperty().get());
    }

    @Test
    void editsACrashedSessionAutosavedAreOfferedInABannerAndRecovered(FxRobot robot) throws Exception {
        waitUntilOpen(robot);
        assertFalse(robot.lookup("#recovery-banner").query().isVisible());
        DatasetDocument doc = DatasetDocument.read(file);
        List<DatasetRecord> edited = new ArrayList<>(doc.records());
        edited.set(1, edited.get(1).withText("output", "recovered answer"));
        AutosaveStore.inUserDataFolder().write(new AutosaveStore.Snapshot(doc.withRecords(edited),
                AutosaveStore.Stamp.of(file), 3, Instant.now()));

        robot.interact(() -> vm.files().open(file));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#recovery-banner").query().isVisible()
                && !label(robot, "#recovery-text").isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(label(robot, "#recovery-text").startsWith("Tunebench closed with unsaved edits to flawed.jsonl"
                + " (autosaved "), label(robot, "#recovery-text"));
        assertTrue(label(robot, "#recovery-text").endsWith("3 edits). Recover them?"), label(robot, "#recovery-text"));
        robot.clickOn("#recover-edits");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("recovered answer", vm.rows().get(1).record().text("output"));
        assertTrue(robot.lookup("#dataset-dirty").query().isVisible(), "recovered edits are unsaved");
        assertFalse(robot.lookup("#recovery-banner").query().isVisible());
    }

    @Test
    void aDuplicateLinksToTheRowItRepeatsAndTheKindFilterNarrowsToIt(FxRobot robot) throws Exception {
        waitUntilOpen(robot);
        waitUntilChecked(robot);
        TableView<?> table = robot.lookup("#dataset-table").queryAs(TableView.class);

        robot.clickOn("duplicate of line 2");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, table.getSelectionModel().getSelectedIndex(), "the repeated row is shown");
        robot.clickOn("the same as line 2 (ignoring case and spacing)");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(12, table.getSelectionModel().getSelectedIndex(), "the duplicate's own row");

        ComboBox<FilterChoice> kinds = robot.lookup("#kind-filter").queryComboBox();
        assertTrue(kinds.isVisible());
        assertEquals("All kinds", kinds.getValue().label(), "the box says what it shows");
        FilterChoice duplicate = kinds.getItems().stream()
                .filter(c -> DataProblem.DUPLICATE.equals(c.value())).findFirst().orElseThrow();
        assertEquals("duplicate (1)", duplicate.label());
        robot.interact(() -> kinds.getSelectionModel().select(duplicate));
        assertEquals(1, table.getItems().size());
        assertEquals("duplicate (1)", kinds.getValue().label());
        robot.interact(() -> vm.fileProblemsChecked(List.of())); // fixed: the count changes, the choice stays
        assertEquals("duplicate (0)", kinds.getValue().label());
        assertTrue(label(robot, "#dataset-summary").startsWith("Showing 1 of 32 examples · "));
        assertFalse(robot.lookup("#category-filter").query().isVisible(), "no category in this file");
    }

    @Test
    void theFixMenuRemovesTheDuplicateAndSaysWhatItDid(FxRobot robot) throws Exception {
        waitUntilOpen(robot);
        waitUntilChecked(robot);

        robot.clickOn("#fix-menu");
        robot.clickOn("Remove 1 exact duplicate");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(31, vm.rows().size());
        assertTrue(vm.rows().stream().noneMatch(r -> r.record().line() == 13));
        assertTrue(robot.lookup("#fix-message-bar").query().isVisible());
        assertEquals("Removed 1 exact duplicate (line 13). Undo brings it back; Save writes the file.",
                label(robot, "#fix-message"));
        assertTrue(label(robot, "#dataset-summary").startsWith("31 examples · "));
        robot.clickOn("#undo");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(32, vm.rows().size());
        robot.clickOn("#fix-dismiss");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#fix-message-bar").query().isVisible());
    }

    /** The whole-file check runs a second after the file opens. */
    private void waitUntilChecked(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.rows().size() == 32
                && vm.rows().get(12).hasProblem(DataProblem.DUPLICATE));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static TableRow<?> tableRow(FxRobot robot, int index) {
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getIndex() == index && r.isVisible()).findFirst().orElseThrow();
    }

    private static String label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static boolean labelShown(FxRobot robot, String text) {
        return robot.lookup((Label l) -> text.equals(l.getText())).queryAll().stream()
                .anyMatch(DatasetScreenTest::treeVisible);
    }

    private static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static Optional<DialogPane> errorDialog() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot() instanceof DialogPane)
                .map(w -> (DialogPane) w.getScene().getRoot())
                .findFirst();
    }
}
