package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
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

/** Choosing DPO in the form under headless Monocle shows its fields and keeps LoRA's. */
@ExtendWith(ApplicationExtension.class)
class TrainDpoScreenTest {

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
    void choosingDpoShowsItsFieldsBesideTheLoraOnes(FxRobot robot) {
        assertFalse(visible(robot.lookup("#dpo-settings").query()));
        ComboBox<?> method = robot.lookup("#field-method-type").queryAs(ComboBox.class);
        robot.clickOn(method);
        robot.clickOn("DPO (preference pairs)");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("dpo", ((MethodChoice) method.getValue()).type());
        assertTrue(visible(robot.lookup("#dpo-settings").query()));
        assertTrue(visible(robot.lookup("#dpo-data-hint").query()));
        TextField beta = robot.lookup("#field-method-beta").queryAs(TextField.class);
        assertTrue(visible(beta));
        assertEquals("0.1", beta.getText());
        ComboBox<?> loss = robot.lookup("#field-method-loss-type").queryAs(ComboBox.class);
        assertEquals("sigmoid", loss.getValue());
        assertTrue(loss.getItems().containsAll(List.of("sigmoid", "ipo", "hinge", "kto_pair")));
        for (String id : List.of("#field-method-label-smoothing", "#field-method-max-prompt-length",
                "#dpo-init-adapter", "#dpo-init-adapter-browse", "#field-method-r")) {
            assertTrue(visible(robot.lookup(id).query()), id);
        }
        robot.interact(() -> beta.setText("0"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(beta.getPseudoClassStates().contains(FormControls.INVALID), "beta 0 is marked");

        // DPO of the whole model has no adapter to set up
        @SuppressWarnings("unchecked")
        ComboBox<String> adapter = robot.lookup("#field-method-adapter").queryAs(ComboBox.class);
        robot.interact(() -> adapter.setValue("full"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(visible(robot.lookup("#field-method-r").query()));
        assertTrue(robot.lookup("#dpo-init-adapter").query().isDisabled());
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
