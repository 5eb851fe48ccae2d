package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
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
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetStats;
import tunebench.engine.data.ExampleSet;

/** The Stats tab of the Dataset screen in the real window under headless Monocle. */
@ExtendWith(ApplicationExtension.class)
class StatsTabTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private BackgroundTaskRunner runner;
    private Path file;

    @Start
    void start(Stage stage) throws IOException {
        System.setProperty(AutosaveStore.FOLDER_PROPERTY, tmp.resolve("autosave").toString());
        file = Files.copy(Path.of("sample-data", "flawed-chat.jsonl"), tmp.resolve("flawed-chat.jsonl"));
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        runner = new BackgroundTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets")));
        Workbench workbench = new Workbench(runner, prefs, model, tmp);
        workbench.datasetFileProperty().set(file);
        workbench.sectionProperty().set(Section.DATASET);
        new MainWindow(workbench).show(stage);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        runner.shutdown();
        prefs.removeNode();
        System.clearProperty(AutosaveStore.FOLDER_PROPERTY);
    }

    @Test
    void theStatsTabShowsTheCountsLengthsAndCategoriesOfTheFile(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(robot, "#dataset-summary").startsWith("34 examples"));
        assertEquals("", text(robot, "#stats-counts"), "a hidden tab computes nothing");
        DatasetStats expected = DatasetStats.of(ExampleSet.read(DatasetDocument.read(file)), Optional.empty());

        robot.clickOn("Stats");
        String counts = String.format("34 records · %d usable examples · %d turns",
                expected.examples(), expected.turns());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text(robot, "#stats-counts").equals(counts));
        // The whole-file check finds the lone "colors" example a second after the file opens.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown(robot, "imbalance 1"));
        assertTrue(shown(robot, "bad-turns 4"));
        assertTrue(text(robot, "#stats-unit").startsWith("Lengths in words."), text(robot, "#stats-unit"));

        TableView<?> table = robot.lookup("#stats-lengths").queryAs(TableView.class);
        assertEquals(4, table.getItems().size(), "whole example, user, assistant, system");
        GridPane categories = robot.lookup("#stats-categories").queryAs(GridPane.class);
        assertTrue(treeVisible(categories));
        int total = expected.categories().values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(shown(robot, "colors"));
        assertTrue(shown(robot, String.format("%.1f%%", 100.0 / total)), "the lone colors example's share");

        @SuppressWarnings("unchecked")
        ChoiceBox<StatsViewModel.Field> field = robot.lookup("#stats-field").queryAs(ChoiceBox.class);
        assertEquals("Whole example", field.getValue().label());
        robot.interact(() -> field.setValue(StatsViewModel.FIELDS.get(2)));
        assertEquals("Assistant", ((StatsPane.LengthRow) table.getSelectionModel().getSelectedItem()).field().label());
        assertFalse(robot.lookup("#stats-message").queryAs(Label.class).isVisible());
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static boolean shown(FxRobot robot, String text) {
        return robot.lookup((Label l) -> text.equals(l.getText())).queryAll().stream().anyMatch(StatsTabTest::treeVisible);
    }

    private static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }
}
