package tunebench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import tunebench.app.Navigation.Section;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.testing.Fixtures;

/** The workbench window under headless Monocle, with the real background task runner. */
@ExtendWith(ApplicationExtension.class)
class TunebenchAppTest {

    private Preferences prefs;
    private BackgroundTaskRunner runner;
    private ModelViewModel vm;
    private Stage stage;
    private Workbench workbench;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        runner = new BackgroundTaskRunner();
        vm = new ModelViewModel(runner, new RecentModels(prefs, Path.of("no-such-assets")));
        workbench = new Workbench(runner, prefs, vm, Path.of(""));
        new MainWindow(workbench).show(stage);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        // Hide every window now, so the main window saves its size before the node goes.
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        runner.shutdown();
        prefs.removeNode();
    }

    @Test
    void showsNavigationOpenButtonAndDevice(FxRobot robot) {
        assertEquals("Tunebench", stage.getTitle());
        ListView<Section> nav = robot.lookup("#navigation").queryListView();
        assertEquals(List.of(Section.values()), nav.getItems());
        assertEquals(Section.MODEL, nav.getSelectionModel().getSelectedItem());
        Button open = robot.lookup("#open-model").queryButton();
        assertEquals("Open model folder…", open.getText());
        Label device = robot.lookup("#status-device").queryAs(Label.class);
        assertTrue(device.getText().startsWith("CPU · "), device.getText());
        assertEquals("No model open", robot.lookup("#status-model").queryLabeled().getText());
    }

    @Test
    void statusBarShowsDeviceMemoryAndOpensTheGpuDialog(FxRobot robot) throws Exception {
        Label device = robot.lookup("#status-device").queryAs(Label.class);
        // sampled off the FX thread: "CPU · 2 cores · 0.4 / 23.4 GB"
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> device.getText().matches("CPU · \\d+ cores? · [\\d.]+ / [\\d.]+ GB.*"));
        robot.clickOn(device);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#gpu-dialog").tryQuery().isPresent());
        // This machine has no NVIDIA driver: the dialog says so, and what runs now.
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> !robot.lookup("#gpu-driver").queryLabeled().getText().startsWith("Asking"));
        String driver = robot.lookup("#gpu-driver").queryLabeled().getText();
        assertTrue(driver.startsWith("NVIDIA driver"), driver);
        assertTrue(robot.lookup("#gpu-now").queryLabeled().getText().startsWith("Now: "));
        assertTrue(robot.lookup("#gpu-download").queryButton().getText().startsWith("Download CUDA libtorch"));
        assertTrue(robot.lookup("#gpu-use-folder").tryQuery().isPresent());
    }

    @Test
    void navigationAndShortcutsSwitchScreens(FxRobot robot) {
        ListView<Section> nav = robot.lookup("#navigation").queryListView();
        robot.clickOn("Dataset");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Section.DATASET, workbench.sectionProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Section.COMPARE, nav.getSelectionModel().getSelectedItem());
        robot.interact(() -> workbench.sectionProperty().set(Section.MODEL));
        assertEquals(Section.MODEL, nav.getSelectionModel().getSelectedItem());
        assertTrue(labelShown(robot, "Model"));
    }

    @Test
    void statusBarShowsWhatIsRunning(FxRobot robot) {
        robot.interact(() -> workbench.working("train", new Activity("Training demo · step 3/10", 0.3)));
        assertEquals("Training demo · step 3/10",
                robot.lookup("#status-activity").queryLabeled().getText());
        StatusBar bar = robot.lookup("#status-bar").queryAs(StatusBar.class);
        assertEquals(0.3, bar.getProgress(), 1e-9);
        robot.interact(() -> workbench.finished("train"));
        assertEquals("", robot.lookup("#status-activity").queryLabeled().getText());
    }

    @Test
    void openingTheFixtureShowsItsDetails(FxRobot robot) throws Exception {
        robot.interact(() -> vm.open(Fixtures.tinyLlama()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> labelShown(robot, "LlamaForCausalLM"));

        assertTrue(labelShown(robot, "tiny-llama"));
        assertEquals("Model: tiny-llama", robot.lookup("#status-model").queryLabeled().getText());
    }

    @Test
    void aBadFolderShowsAReadableErrorDialog(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path bad = Files.createDirectory(tmp.resolve("holiday-photos"));

        robot.interact(() -> vm.open(bad));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> errorDialog().isPresent());

        DialogPane pane = errorDialog().orElseThrow();
        assertTrue(pane.getHeaderText().contains("holiday-photos"), pane.getHeaderText());
        assertTrue(pane.getContentText().contains("config.json"), pane.getContentText());
        assertTrue(pane.getExpandableContent() != null, "details behind Show Details");
    }

    private static Optional<DialogPane> errorDialog() {
        return Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot() instanceof DialogPane)
                .map(w -> (DialogPane) w.getScene().getRoot())
                .findFirst();
    }

    /** A label with this text that the user can see: it and every parent are visible. */
    private static boolean labelShown(FxRobot robot, String text) {
        return robot.lookup((Label l) -> text.equals(l.getText())).queryAll().stream()
                .anyMatch(TunebenchAppTest::treeVisible);
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
