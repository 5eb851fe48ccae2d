package tunebench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fair_acc.dataset.DataSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
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
import tunebench.app.monitor.RunMonitor.Status;
import tunebench.engine.train.MetricsHistory;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.StepMetrics;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.testing.RandomCheckpoint;

/** The monitor in a window under headless Monocle, fed by a real (tiny) training run. */
@ExtendWith(ApplicationExtension.class)
class MonitorViewTest {

    @TempDir
    static Path shared;

    private Path home;
    private Preferences prefs;
    private RunMonitor monitor;
    private MonitorView view;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory(shared, "home");
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
    void beforeAnyRunTheChartsSayHowToFillThem(FxRobot robot) {
        Label empty = robot.lookup("#monitor-empty").queryAs(Label.class);
        assertEquals("Start a run to see its curves here", empty.getText());
        assertTrue(shown(empty));
        assertTrue(!shown(view.charts().loss), "no empty axes on show");
        assertTrue(view.pastRuns().runs().isEmpty());
        Label placeholder = (Label) robot.lookup("#past-run-list").queryListView().getPlaceholder();
        assertTrue(placeholder.getText().startsWith("No runs yet"), placeholder.getText());
    }

    @Test
    void aRealShortRunDrawsItsCurvesAndProbeAnswers(FxRobot robot) throws Exception {
        RunConfig config = tinyRun();
        TrainingRun run = TrainingRun.create(config);
        robot.interact(() -> monitor.startLive("live"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                run.run(monitor.listener());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "training");
        thread.start();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> monitor.statusProperty().get() == Status.FINISHED
                || monitor.statusProperty().get() == Status.FAILED);
        thread.join();
        assertEquals(null, failure.get());
        WaitForAsyncUtils.waitForFxEvents();

        List<DataSet> drawn = view.charts().loss.shown();
        assertEquals(List.of(monitor.liveCurves().loss, monitor.liveCurves().smoothed,
                monitor.liveCurves().evalLoss), drawn);
        assertEquals(4, monitor.liveCurves().loss.getDataCount(), "a point per step");
        assertEquals(2, monitor.liveCurves().evalLoss.getDataCount(), "a point per evaluation");
        assertEquals(4, view.charts().tokensPerS.shown().get(0).getDataCount());
        assertTrue(shown(view.charts().loss));
        assertTrue(view.charts().loss.redraws() > 0, "the chart drew its points");
        assertTrue(monitor.statusTextProperty().get().startsWith("Finished: 4 steps"));

        robot.clickOn("Probe outputs (2)");
        assertTrue(labelShown(robot, "Step 4"));
        assertTrue(labelShown(robot, "Step 2"));
        assertTrue(labelShown(robot, "Color of the sky?"));
        assertTrue(robot.lookup("#run-summary").queryLabeled().getText().startsWith("Finished 4 steps"));

        // the finished run is listed; overlaying it reads back what the run wrote
        robot.clickOn("Past runs");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.pastRuns().runs().size() == 1);
        robot.clickOn(robot.lookup(".past-run-list .check-box").queryAs(CheckBox.class));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.charts().loss.shown().size() == 6);
        Overlay overlay = monitor.overlays().get(0);
        assertEquals("live", overlay.name());
        assertEquals(ys(monitor.liveCurves().loss), ys(overlay.curves().loss));
        assertEquals(ys(monitor.liveCurves().evalLoss), ys(overlay.curves().evalLoss));
        assertEquals("Color of the sky?", MetricsHistory.readRun(Path.of(config.runDir())).evals().get(1)
                .probes().get(0).prompt());
    }

    @Test
    void chartsRedrawAboutTenTimesASecondWhateverTheStepRate(FxRobot robot) throws Exception {
        robot.interact(() -> monitor.startLive("fast"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> monitor.statusProperty().get() == Status.STARTING);
        WaitForAsyncUtils.waitForFxEvents();
        long before = view.charts().loss.redraws();
        long start = System.nanoTime();
        Thread run = new Thread(() -> {
            monitor.listener().runStarted(new RunInfo(home, 0, 2000, 100, 10, 100, 50, 5, 0, 0, List.of()));
            for (int s = 1; s <= 2000; s++) {
                monitor.listener().stepCompleted(new StepMetrics(s, 2000, s / 100.0, 5.0 / s, 1e-4, 1, 900, s * 0.001));
                LockSupport.parkNanos(500_000);
            }
        }, "fake-run");
        run.start();
        run.join();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> monitor.liveCurves().loss.getDataCount() == 2000);
        WaitForAsyncUtils.waitForFxEvents();
        double seconds = (System.nanoTime() - start) / 1e9;
        long redraws = view.charts().loss.redraws() - before;
        assertTrue(redraws <= seconds * 10 + 5, redraws + " redraws in " + seconds + " s");
        assertTrue(redraws >= 3, "it did redraw as points came: " + redraws);

        // idle charts stay still, the perplexity chart too, which has no points at all
        long settled = totalRedraws();
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(settled, totalRedraws(), "idle charts redrew");
    }

    private long totalRedraws() {
        return view.charts().all().stream().mapToLong(MonitorChart::redraws).sum();
    }

    @Test
    void hoveringAPointShowsItsStepAndValue(FxRobot robot) throws Exception {
        robot.interact(() -> monitor.startLive("hover"));
        for (int s = 1; s <= 10; s++) {
            monitor.listener().stepCompleted(new StepMetrics(s, 10, 0, 5.0 - s * 0.25, 1e-3, 1, 100, s));
        }
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.charts().loss.shown().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        MonitorChart chart = view.charts().loss;
        javafx.geometry.Point2D point = WaitForAsyncUtils.asyncFx(() -> chart.getCanvas().localToScreen(
                chart.getXAxis().getDisplayPosition(6), chart.getYAxis().getDisplayPosition(3.5))).get();
        robot.moveTo(point.add(-40, 20)).moveTo(point);
        WaitForAsyncUtils.waitForFxEvents();
        Label tip = robot.lookup(".chart-datapoint-tooltip-label").queryAs(Label.class);
        assertEquals("training loss (raw) · step 6: 3.5", tip.getText());
    }

    /** A 4-step LoRA run of a random tiny Llama, evaluated (with one probe) every 2 steps. */
    private RunConfig tinyRun() throws Exception {
        Path model = RandomCheckpoint.withTinyTokenizer(home.resolve("model"), 5);
        List<String> lines = new ArrayList<>();
        for (String thing : List.of("sky", "sea", "leaf", "sun", "snow", "coal", "rose", "grass")) {
            lines.add(new ObjectMapper().createObjectNode().put("instruction", "Color of the " + thing + "?")
                    .put("input", "").put("output", "The " + thing + " has a colour.").toString());
        }
        Path data = home.resolve("train.jsonl");
        Files.write(data, lines);
        RunConfig base = RunConfig.of("live", model.toString(), data.toString());
        return RunConfigJson.applyOverrides(base, List.of("output_dir=" + home.resolve("runs").resolve("live"),
                "schedule.batch_size=2", "schedule.max_steps=4", "eval.every_steps=2",
                "eval.probe_prompts=[\"Color of the sky?\"]", "eval.probe_max_new_tokens=4",
                "data.max_length=64", "data.validation_split=0.25", "model.chat_template=chatml"));
    }

    private static List<Double> ys(DataSet d) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < d.getDataCount(); i++) {
            out.add(d.get(DataSet.DIM_Y, i));
        }
        return out;
    }

    private static boolean labelShown(FxRobot robot, String text) {
        return robot.lookup((Label l) -> text.equals(l.getText())).queryAll().stream()
                .anyMatch(MonitorViewTest::shown);
    }

    /** It and every parent are visible, and it is in a scene. */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }
}
