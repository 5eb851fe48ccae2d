package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
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

/**
 * The Train screen in the workbench window under headless Monocle, with real short runs on
 * the bundled model writing into a temporary folder.
 */
@ExtendWith(ApplicationExtension.class)
class TrainScreenTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private BackgroundTaskRunner runner;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        runner = new BackgroundTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, Path.of("no-such-assets")));
        Workbench workbench = new Workbench(runner, prefs, model, Path.of(""));
        workbench.sectionProperty().set(Section.TRAIN);
        window = new MainWindow(workbench);
        window.show(stage);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        // A stopping run's last events still reach the monitor, which may submit work: let
        // them land before the runner goes, as the app's runner outlives its window's runs.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm().stateProperty().get().active());
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        runner.shutdown();
        prefs.removeNode();
    }

    private TrainViewModel vm() {
        return ((TrainScreen) window.screen(Section.TRAIN)).viewModel();
    }

    /** The form as a short run needs it, once the model's headers are read. */
    private void shortRun(FxRobot robot, int steps) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm().trainableProperty().get() != null);
        robot.interact(() -> {
            try {
                ShortRun.apply(vm().form(), tmp, steps);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void opensOnTheSampleRecipeWithItsParameterCount(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shown(robot, "#trainable-parameters")
                .contains("448,512 of 5,924,096"));
        assertEquals("sft-lora", robot.lookup("#field-name").queryAs(TextField.class).getText());
        assertTrue(robot.lookup("#target-q_proj").tryQuery().isPresent());
        assertFalse(robot.lookup("#start-run").queryButton().isDisabled());
    }

    @Test
    void typingABadLearningRateMarksTheFieldAndDisablesStart(FxRobot robot) {
        TextField lr = robot.lookup("#field-optim-lr").queryAs(TextField.class);
        robot.interact(() -> lr.requestFocus());
        robot.interact(lr::selectAll);
        robot.write("2e-x");
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(lr.getPseudoClassStates().contains(FormControls.INVALID));
        assertTrue(robot.lookup("#start-run").queryButton().isDisabled());
        assertTrue(shown(robot, "#start-problems").contains("Learning rate “2e-x” is not a number"));

        robot.eraseText(1).write("4");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(lr.getPseudoClassStates().contains(FormControls.INVALID));
        assertFalse(robot.lookup("#start-run").queryButton().isDisabled());
    }

    @Test
    void aShortRunFromStartToFinish(FxRobot robot) throws Exception {
        shortRun(robot, 3);
        robot.clickOn("#start-run");
        waitUntil(robot, "#run-summary", "Finished");

        assertTrue(shown(robot, "#run-summary").startsWith("Finished 3 steps"));
        assertFalse(robot.lookup("#start-run").queryButton().isDisabled());
        assertTrue(robot.lookup("#stop-run").queryButton().isDisabled());
        assertEquals(4, Files.readAllLines(tmp.resolve("run/metrics.jsonl")).size(), "3 steps, 1 eval");
        // The monitor beside the form drew a point per step on the loss chart.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> chartPoints(robot, "training loss (raw)") == 3);
        assertEquals("", robot.lookup("#status-activity").queryLabeled().getText());
    }

    /** Long enough never to finish here: Stop ends it, then closing the window. */
    @Test
    void pauseStopResumeThenCloseTheWindow(FxRobot robot) throws Exception {
        shortRun(robot, 5000);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitUntil(robot, "#run-progress", "Step ");
        assertTrue(robot.lookup("#status-activity").queryLabeled().getText().startsWith("Training short · step "));
        robot.clickOn("#pause-run");
        waitUntil(robot, "#run-progress", "Paused at step");
        assertTrue(robot.lookup("#start-run").queryButton().isDisabled());
        assertFalse(robot.lookup("#resume-run").queryButton().isDisabled());
        robot.clickOn("#stop-run");
        waitUntil(robot, "#run-summary", "Stopped at step");
        assertFalse(robot.lookup("#start-run").queryButton().isDisabled());
        int stoppedAt = RunFolders.lastCheckpoint(tmp.resolve("run")).orElseThrow();

        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#conflict-resume").tryQuery().isPresent());
        assertTrue(dialogHeader().contains("already holds a run"), dialogHeader());
        robot.clickOn("#conflict-resume");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> stepsLogged().size() > stoppedAt);

        // Closing the window stops the run too, with a checkpoint, and does not wait for it.
        long start = System.nanoTime();
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 5, "closing waited " + seconds + " s for the run");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> RunFolders.lastCheckpoint(tmp.resolve("run")).orElseThrow() > stoppedAt);

        List<Integer> steps = stepsLogged();
        assertEquals(IntStream.rangeClosed(1, steps.size()).boxed().toList(), steps,
                "each step logged once, in order, across stop and resume");
    }

    /** Points of the shown dataset with this name, over every chart on screen. */
    private static int chartPoints(FxRobot robot, String name) {
        return robot.lookup((Node n) -> n instanceof XYChart).queryAllAs(XYChart.class).stream()
                .flatMap(c -> c.getAllDatasets().stream())
                .filter(d -> name.equals(d.getName()))
                .mapToInt(DataSet::getDataCount).sum();
    }

    private List<Integer> stepsLogged() throws Exception {
        Path metrics = tmp.resolve("run/metrics.jsonl");
        List<Integer> steps = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode json = new ObjectMapper().readTree(line);
            if (json.has("loss")) {
                steps.add(json.get("step").asInt());
            }
        }
        return steps;
    }

    /** Waits for a shown label to start with a text; says what it showed instead. */
    private static void waitUntil(FxRobot robot, String id, String prefix) {
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> shown(robot, id).startsWith(prefix));
        } catch (TimeoutException e) {
            throw new AssertionError(id + " never showed “" + prefix + "…”; progress: "
                    + shown(robot, "#run-progress") + "; summary: " + shown(robot, "#run-summary")
                    + "; dialog: " + dialogHeader());
        }
    }

    /** The text of a label the user can see, or "" when it is hidden. */
    private static String shown(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().filter(TrainScreenTest::treeVisible)
                .map(n -> ((Label) n).getText()).orElse("");
    }

    private static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static String dialogHeader() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot() instanceof DialogPane)
                .map(w -> ((DialogPane) w.getScene().getRoot()).getHeaderText())
                .findFirst().orElse("");
    }
}
