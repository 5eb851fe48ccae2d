package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import tunebench.app.BackgroundTaskRunner;
import tunebench.app.MainWindow;
import tunebench.app.Navigation.Section;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;

/** The Train form's device box: words on screen, model.device values in the config. */
@ExtendWith(ApplicationExtension.class)
class TrainDeviceFieldTest {

    private Preferences prefs;
    private BackgroundTaskRunner runner;
    private MainWindow window;
    private Workbench workbench;

    @Start
    void start(Stage stage) {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        runner = new BackgroundTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, Path.of("no-such-assets")));
        workbench = new Workbench(runner, prefs, model, Path.of(""));
        workbench.sectionProperty().set(Section.TRAIN);
        window = new MainWindow(workbench);
        window.show(stage);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        runner.shutdown();
        prefs.removeNode();
    }

    private TrainViewModel vm() {
        return ((TrainScreen) window.screen(Section.TRAIN)).viewModel();
    }

    /** The text on the closed box: its button cell, the skin's display node. */
    private static String shown(ComboBox<String> box) {
        try {
            return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.control.ListCell<?>)
                    ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode()).getText()).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void deviceBoxMapsChoicesToModelDevice(FxRobot robot) {
        robot.interact(() -> robot.lookup("#more-settings").queryAs(javafx.scene.control.TitledPane.class)
                .setExpanded(true));
        ComboBox<String> box = robot.lookup("#field-model-device").queryAs(ComboBox.class);
        assertEquals(List.of("auto", "cpu"), box.getItems().subList(0, 2));
        robot.interact(() -> box.setValue("auto"));
        assertEquals("auto", vm().config().model().device());
        assertEquals("auto", workbench.deviceProperty().get(), "Compare follows the run's device");
        assertEquals(DeviceOptions.AUTO_LABEL, shown(box));
        robot.interact(() -> box.setValue("cpu"));
        assertEquals("cpu", vm().config().model().device());
        assertEquals("CPU", shown(box));
        Label note = robot.lookup("#device-note").queryAs(Label.class);
        assertEquals("", note.getText(), "the CPU needs no explanation");

        // A config that names a GPU by PyTorch's name keeps it, shown as the GPU it means.
        robot.interact(() -> vm().form().text("model.device").set("cuda:0"));
        assertEquals("cuda:0", vm().config().model().device());
        assertTrue(shown(box).startsWith("GPU 0"), shown(box));
        // No NVIDIA driver on this machine: the note says why there is no GPU.
        if (robot.lookup("#device-note").queryAs(Label.class).isVisible()) {
            assertTrue(note.getText().startsWith("No GPU can be used: "), note.getText());
        }
    }
}
