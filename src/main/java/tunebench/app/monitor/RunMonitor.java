package tunebench.app.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.Activity;
import tunebench.engine.train.MetricsHistory;
import tunebench.engine.train.RunListener;

/**
 * View-model of the live monitor: the series the charts draw (training loss raw and smoothed,
 * eval loss, eval perplexity, learning rate, gradient norm, tokens/s), progress with ETA, the
 * probe outputs of each evaluation as a timeline, and past runs overlaid. The run's listener
 * only queues; {@link EventFeed} applies the queue to the datasets at most ten times a second
 * on its own thread, and each batch's texts reach the FX thread through {@code fx} in one go.
 */
public final class RunMonitor {

    /** What the live run is doing. */
    public enum Status { IDLE, STARTING, RUNNING, PAUSED, FINISHED, STOPPED, FAILED }

    public static final double DEFAULT_SMOOTHING = 0.6;
    static final double MAX_SMOOTHING = 0.99;

    private final Executor fx;
    private final EventFeed feed;
    private final LiveRun live = new LiveRun(DEFAULT_SMOOTHING);
    private final LiveProperties props = new LiveProperties();
    private final RunListener listener;
    private final ObservableList<Overlay> overlays = FXCollections.observableArrayList();
    /** The overlays' curves for the pacer's thread, which must not read an FX list. */
    private final List<CurveSet> overlayCurves = new CopyOnWriteArrayList<>();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", DEFAULT_SMOOTHING);
    private final BooleanBinding hasCurves;
    private final ReadOnlyLongWrapper publishes = new ReadOnlyLongWrapper(this, "publishes");
    /** The smoothing weight for the pacer's thread, which must not read an FX property. */
    private volatile double weight = DEFAULT_SMOOTHING;

    /**
     * @param fx where FX-thread updates run: {@code Platform::runLater} in the app,
     *     {@code Runnable::run} in view-model tests (the properties then change on the
     *     monitor's own thread, up to 100 ms after the listener heard of it: wait for them)
     */
    public RunMonitor(Executor fx) {
        this(fx, Pacer.DEFAULT);
    }

    /** With a pacer the test fires by hand. */
    RunMonitor(Executor fx, Pacer pacer) {
        this.fx = fx;
        this.feed = new EventFeed(pacer, this::apply);
        this.listener = new FeedListener(feed);
        this.hasCurves = props.hasPoints.or(Bindings.isNotEmpty(overlays));
        smoothing.addListener((obs, old, now) -> {
            weight = clampSmoothing(now.doubleValue());
            feed.offer(new RunEvent.Resmooth());
        });
    }

    /**
     * The listener to hand to {@code TrainingRun.run}: safe to call from the run's thread;
     * updates reach the FX thread coalesced, at most about 10 times a second.
     */
    public RunListener listener() {
        return listener;
    }

    /**
     * Clears the live series before a new run named {@code runName} starts. Queued behind
     * whatever an earlier run still reported, so none of that lands on the new run's charts.
     */
    public void startLive(String runName) {
        feed.offer(new RunEvent.Reset(runName));
    }

    /**
     * Loads a past run folder (its metrics.jsonl) as an overlay on the same charts, replacing
     * an overlay of the same folder. Reads the file on the calling thread (call it off the FX
     * thread for a long run); the curves appear through {@code fx}.
     */
    public void addOverlay(Path runDir) throws IOException {
        Path dir = runDir.toAbsolutePath().normalize();
        MetricsHistory history = MetricsHistory.readRun(dir);
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        CurveSet curves = new CurveSet(name, weight);
        curves.addHistory(history);
        fx.execute(() -> install(new Overlay(name, dir, -1, curves, history.problems().size())));
    }

    /** Takes a past run off the charts; nothing happens if it is not overlaid. */
    public void removeOverlay(Path runDir) {
        Path dir = runDir.toAbsolutePath().normalize();
        fx.execute(() -> overlays.stream().filter(o -> o.dir().equals(dir)).findFirst()
                .ifPresent(this::uninstall));
    }

    /** Whether this folder is overlaid now (FX thread). */
    public boolean isOverlaid(Path runDir) {
        Path dir = runDir.toAbsolutePath().normalize();
        return overlays.stream().anyMatch(o -> o.dir().equals(dir));
    }

    private void install(Overlay loaded) {
        Overlay old = overlays.stream().filter(o -> o.dir().equals(loaded.dir())).findFirst().orElse(null);
        int color = old != null ? old.colorIndex() : freeColor();
        Overlay overlay = new Overlay(loaded.name(), loaded.dir(), color, loaded.curves(), loaded.problems());
        overlayCurves.add(overlay.curves());
        if (old != null) {
            overlayCurves.remove(old.curves());
            overlays.set(overlays.indexOf(old), overlay);
        } else {
            overlays.add(overlay);
        }
        // the slider may have moved while the file was read
        feed.offer(new RunEvent.Resmooth());
    }

    private void uninstall(Overlay overlay) {
        overlayCurves.remove(overlay.curves());
        overlays.remove(overlay);
    }

    /** The lowest colour no overlay wears, so colours stay put as overlays come and go. */
    private int freeColor() {
        for (int c = 0; ; c++) {
            int candidate = c;
            if (overlays.stream().noneMatch(o -> o.colorIndex() == candidate)) {
                return c;
            }
        }
    }

    /** A batch, on the pacer's thread: datasets here, texts on to the FX thread. */
    private void apply(List<RunEvent> batch) {
        double w = weight;
        LiveState state = live.apply(batch, w);
        if (batch.stream().anyMatch(e -> e instanceof RunEvent.Resmooth)) {
            if (live.curves().smoothing() != w) {
                live.curves().resmooth(w);
            }
            overlayCurves.stream().filter(c -> c.smoothing() != w).forEach(c -> c.resmooth(w));
        }
        fx.execute(() -> {
            props.publish(state);
            publishes.set(publishes.get() + 1);
        });
    }

    private static double clampSmoothing(double w) {
        return Double.isFinite(w) ? Math.max(0, Math.min(MAX_SMOOTHING, w)) : DEFAULT_SMOOTHING;
    }

    /** Smoothing of the training loss curves, 0 (none) to 0.99; TensorBoard's default 0.6. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return props.status.getReadOnlyProperty();
    }

    /** "Running", "Paused after step 40", "Finished: 225 steps in 4 min 12 s · final loss 0.812". */
    public ReadOnlyStringProperty statusTextProperty() {
        return props.statusText.getReadOnlyProperty();
    }

    /** The failure in full while the status is FAILED; empty otherwise. */
    public ReadOnlyStringProperty failureProperty() {
        return props.failure.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runNameProperty() {
        return props.runName.getReadOnlyProperty();
    }

    /** 0..1; -1 (indeterminate) while the run loads its model and data. */
    public ReadOnlyDoubleProperty progressProperty() {
        return props.progress.getReadOnlyProperty();
    }

    /** "step 40 / 225 · epoch 0.53 · 3,210 tok/s · ETA 1 min 12 s". */
    public ReadOnlyStringProperty progressTextProperty() {
        return props.progressText.getReadOnlyProperty();
    }

    /** Examples and trainable parameters, once the run has started. */
    public ReadOnlyStringProperty runInfoTextProperty() {
        return props.runInfoText.getReadOnlyProperty();
    }

    /** How the run ended, in sentences; empty until it has. */
    public ReadOnlyStringProperty summaryTextProperty() {
        return props.summaryText.getReadOnlyProperty();
    }

    /**
     * The run's progress in status-bar words ("Training x · step 40/225 · 1 min 12 s left"),
     * for {@code Workbench.working}; null when no run is on. The monitor does not publish it
     * itself: the Train screen owns the status-bar entry of its run.
     */
    public ReadOnlyObjectProperty<Activity> activityProperty() {
        return props.activity.getReadOnlyProperty();
    }

    /** True once there is anything to draw: live points or an overlay. */
    public BooleanBinding hasCurves() {
        return hasCurves;
    }

    /** The live run's evaluations, newest first. */
    ObservableList<EvalEntry> evals() {
        return props.evals;
    }

    ObservableList<Overlay> overlays() {
        return overlays;
    }

    CurveSet liveCurves() {
        return live.curves();
    }

    /** Batches published to the FX thread so far; the charts look again at each. */
    ReadOnlyLongProperty publishesProperty() {
        return publishes.getReadOnlyProperty();
    }

    /** Applies what is queued now, without waiting for the pacer (tests). */
    void flush() {
        feed.deliver();
    }
}
