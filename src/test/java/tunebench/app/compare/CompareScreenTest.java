package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import tunebench.app.BackgroundTaskRunner;
import tunebench.app.MainWindow;
import tunebench.app.Navigation.Section;
import tunebench.app.Workbench;
import tunebench.engine.io.Folders;

/** The Compare screen in the workbench window under headless Monocle, with real background work. */
@ExtendWith(ApplicationExtension.class)
class CompareScreenTest {

    private Path home;
    private Preferences prefs;
    private BackgroundTaskRunner runner;
    private Workbench workbench;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory("compare-screen");
        Path model = CompareFixture.install(home, 400); // an adapter strong enough to colour tokens
        prefs = CompareFixture.newPrefs();
        runner = new BackgroundTaskRunner();
        workbench = CompareFixture.workbench(runner, prefs, home, null);
        workbench.sectionProperty().set(Section.COMPARE);
        window = new MainWindow(workbench);
        window.show(stage);
        workbench.model().open(model);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        runner.shutdown();
        prefs.removeNode();
        Folders.deleteTree(home);
    }

    @Test
    void runsAComparisonAndColoursTheTokens(FxRobot robot) throws Exception {
        CompareViewModel vm = ready(robot);
        ComboBox<?> second = robot.lookup("#column-source-1").queryComboBox();
        assertEquals(CompareFixture.ADAPTER_LABEL, String.valueOf(second.getValue()));

        robot.clickOn("#greedy");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitUntilDone(vm);

        for (int column = 0; column < 2; column++) {
            List<Text> tokens = tokens(robot, column);
            assertFalse(tokens.isEmpty(), "column " + column + " shows tokens");
            assertTrue(tokens.stream().anyMatch(t -> !t.getText().isEmpty()), "column " + column + " shows text");
            assertTrue(tokens.stream().allMatch(t -> t.getStyleClass().contains("scored")),
                    "every token of column " + column + " is coloured");
        }
        assertTrue(tokens(robot, 0).stream().anyMatch(t -> !t.getStyleClass().contains("same")),
                "the strong adapter makes some tokens clearly more or less likely");
        assertTrue(robot.lookup("#compare-legend").query().isVisible());
        assertTrue(robot.lookup("#compare-status").queryLabeled().getText().startsWith("Done"));
        assertEquals("", workbench.activityTextProperty().get(), "the status bar is idle again");
    }

    @Test
    void blindModeHidesNamesUntilTheChoiceAndSavesIt(FxRobot robot) throws Exception {
        CompareViewModel vm = ready(robot);
        robot.clickOn("#blind-mode");
        robot.clickOn("#greedy");
        robot.clickOn("#compare-generate");
        waitUntilDone(vm);
        assertFalse(labelShown(robot, CompareFixture.ADAPTER_LABEL), "names are hidden");

        robot.clickOn("#choose-B");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.judge().savedPairsProperty().get() == 1);

        String reveal = robot.lookup("#blind-reveal").queryLabeled().getText();
        assertTrue(reveal.startsWith("You chose B"), reveal);
        assertTrue(labelShown(robot, CompareFixture.ADAPTER_LABEL), "names are revealed");
        List<String> lines = Files.readAllLines(vm.judge().fileProperty().get());
        assertEquals(1, lines.size());
        PromptResult p = vm.comparisonProperty().get().prompt(0);
        assertEquals(p.output(p.blindOrder()[1]).text(),
                new ObjectMapper().readTree(lines.get(0)).get("chosen").asText());
    }

    /** Waits for the model, then sets a short single prompt and answer length. */
    private CompareViewModel ready(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> !workbench.model().folderProperty().get().isEmpty());
        CompareScreen screen = (CompareScreen) window.screen(Section.COMPARE);
        CompareViewModel vm = screen.viewModel();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.columns().get(1).isBase());
        robot.interact(() -> {
            robot.lookup("#compare-prompts").queryAs(TextArea.class).setText("hello");
            vm.sampling().maxNewTokensProperty().set(10);
        });
        return vm;
    }

    private static void waitUntilDone(CompareViewModel vm) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.comparisonProperty().get() != null
                && !vm.statusModel().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        PromptResult p = vm.comparisonProperty().get().prompt(0);
        assertTrue(p.complete(), vm.statusModel().textProperty().get());
    }

    private static List<Text> tokens(FxRobot robot, int column) {
        Node card = robot.lookup("#column-" + column).query();
        TextFlow flow = (TextFlow) card.lookup(".answer");
        return flow.getChildren().stream().map(Text.class::cast).toList();
    }

    private static boolean labelShown(FxRobot robot, String text) {
        // Only the answers side: the column pickers on the left always show the names.
        return robot.lookup((Label l) -> l.getText() != null && l.getText().contains(text)
                && visible(l) && isInResults(l)).tryQuery().isPresent();
    }

    private static boolean isInResults(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof ResultsPane) {
                return true;
            }
        }
        return false;
    }

    private static boolean visible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
