package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
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
import org.testfx.util.WaitForAsyncUtils;
import tunebench.app.BackgroundTaskRunner;
import tunebench.app.MainWindow;
import tunebench.app.Navigation.Section;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;

/** The Memory box under headless Monocle: it follows the method chosen in the form. */
@ExtendWith(ApplicationExtension.class)
class TrainMemoryScreenTest {

    private Preferences prefs;
    private BackgroundTaskRunner runner;

    @Start
    void start(Stage stage) {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        runner = new BackgroundTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, Path.of("no-such-assets")));
        Workbench workbench = new Workbench(runner, prefs, model, Path.of(""));
        workbench.sectionProperty().set(Section.TRAIN);
        new MainWindow(workbench).show(stage);
    }

    @AfterEach
    void tearDown(FxRobot robot) throws Exception {
        robot.interact(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        runner.shutdown();
        prefs.removeNode();
    }

    @Test
    void choosingQloraUpdatesTheMemoryBox(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> text(robot, "#memory-cpu").startsWith("This computer (float32): "));
        String lora = text(robot, "#memory-cpu");
        String loraLegend = legend(robot);
        assertTrue(text(robot, "#memory-gpu").startsWith("On a 24 GB GPU in 16-bit: needs ")
                && text(robot, "#memory-gpu").contains(", fits on 24 GB with "),
                text(robot, "#memory-gpu"));
        assertFalse(legend(robot).contains("Quant. constants"), legend(robot));
        assertFalse(visible(robot.lookup("#field-method-double-quant").query()));

        ComboBox<?> method = robot.lookup("#field-method-type").queryAs(ComboBox.class);
        robot.clickOn(method);
        robot.clickOn("QLoRA (4-bit base)");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("qlora", ((MethodChoice) method.getValue()).type());
        assertNotEquals(lora, text(robot, "#memory-cpu"));
        assertNotEquals(loraLegend, legend(robot));
        assertTrue(legend(robot).contains("Quant. constants"), legend(robot));
        CheckBox dq = robot.lookup("#field-method-double-quant").queryAs(CheckBox.class);
        assertTrue(visible(dq) && dq.isSelected());

        // The box may sit below the scrolled form's fold: pick the size as its list would.
        @SuppressWarnings("unchecked")
        ComboBox<Integer> device = robot.lookup("#memory-device").queryAs(ComboBox.class);
        robot.interact(() -> device.getSelectionModel().select(Integer.valueOf(8)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#memory-gpu").startsWith("On a 8 GB GPU in 16-bit: "),
                text(robot, "#memory-gpu"));
        assertEquals(8, prefs.getInt("train.memory.deviceGb", 0));
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static String legend(FxRobot robot) {
        return robot.lookup(".memory-legend").queryAllAs(Label.class).stream()
                .filter(TrainMemoryScreenTest::visible).map(Label::getText).toList().toString();
    }

    private static boolean visible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }
}
