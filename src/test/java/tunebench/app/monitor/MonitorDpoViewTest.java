package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import tunebench.app.CurrentThreadTaskRunner;
import tunebench.app.MainWindow;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.engine.train.EvalMetrics;
import tunebench.engine.train.StepMetrics;

/** A DPO run's rewards and accuracy charts take the perplexity chart's place (headless Monocle). */
@ExtendWith(ApplicationExtension.class)
class MonitorDpoViewTest {

    @TempDir
    static Path shared;

    private Preferences prefs;
    private RunMonitor monitor;
    private MonitorView view;

    @Start
    void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory(shared, "home");
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        CurrentThreadTaskRunner runner = new CurrentThreadTaskRunner();
        ModelViewModel models = new ModelViewModel(runner, new RecentModels(prefs, home.resolve("none")));
        monitor = new RunMonitor(Platform::runLater);
        view = new MonitorView(monitor, new Workbench(runner, prefs, models, home));
        Scene scene = new Scene(view, 850, 700);
        scene.getStylesheets().add(MainWindow.class.getResource("tunebench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        prefs.removeNode();
    }

    @Test
    void dpoMetricsBringRewardsAndAccuracyChartsAndSftBringsPerplexityBack(FxRobot robot)
            throws Exception {
        MonitorCharts charts = view.charts();
        monitor.startLive("dpo");
        for (int s = 1; s <= 3; s++) {
            monitor.listener().stepCompleted(new StepMetrics(s, 3, s / 3.0, 0.5, 1e-4, 1.0, 500, s,
                    Map.of("rewards/chosen", 0.1 * s, "rewards/rejected", -0.5 * s,
                            "rewards/accuracies", 0.75)));
        }
        monitor.listener().evalCompleted(new EvalMetrics(3, 0.01, Double.NaN, List.of(), Map.of(
                "eval_rewards/chosen", 0.2, "eval_rewards/rejected", -3.0, "eval_rewards/accuracies", 1.0)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> charts.smallShownProperty().get().contains(charts.rewards));
        WaitForAsyncUtils.waitForFxEvents();

        CurveSet live = monitor.liveCurves();
        assertEquals(List.of(charts.rewards, charts.accuracy, charts.learningRate, charts.gradNorm,
                charts.tokensPerS), charts.smallShownProperty().get());
        assertEquals(List.of(live.chosen, live.rejected, live.evalChosen, live.evalRejected),
                charts.rewards.shown());
        assertEquals(List.of(live.accuracy, live.evalAccuracy), charts.accuracy.shown());
        assertTrue(shown(charts.rewards) && shown(charts.accuracy));
        assertFalse(shown(charts.perplexity), "DPO has no perplexity to draw");

        monitor.startLive("sft");
        monitor.listener().stepCompleted(new StepMetrics(1, 3, 0.3, 2.0, 1e-4, 1.0, 500, 1));
        monitor.listener().evalCompleted(new EvalMetrics(1, 1.9, 6.7, List.of()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> charts.smallShownProperty().get().contains(charts.perplexity));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(charts.perplexity, charts.learningRate, charts.gradNorm,
                charts.tokensPerS), charts.smallShownProperty().get());
        assertTrue(shown(charts.perplexity));
        assertFalse(shown(charts.rewards));
        assertEquals(List.of(), charts.rewards.shown(), "empty datasets are not drawn");
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }
}
