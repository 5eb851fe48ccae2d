package tunebench.app.monitor;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.app.Activity;
import tunebench.app.monitor.RunMonitor.Status;

/** The live run's JavaFX properties, set from one {@link LiveState} at a time on the FX thread. */
final class LiveProperties {

    final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(Status.IDLE);
    final ReadOnlyStringWrapper runName = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("No run yet");
    final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper runInfoText = new ReadOnlyStringWrapper("");
    final ReadOnlyStringWrapper summaryText = new ReadOnlyStringWrapper("");
    final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    final ReadOnlyObjectWrapper<Activity> activity = new ReadOnlyObjectWrapper<>();
    final ReadOnlyBooleanWrapper hasPoints = new ReadOnlyBooleanWrapper();
    /** Newest first. */
    final ObservableList<EvalEntry> evals = FXCollections.observableArrayList();

    void publish(LiveState s) {
        if (s.reset()) {
            evals.clear();
        }
        for (EvalEntry e : s.newEvals()) {
            evals.add(0, e);
        }
        runName.set(s.runName());
        failure.set(s.failure());
        statusText.set(s.statusText());
        progressText.set(s.progressText());
        runInfoText.set(s.runInfoText());
        summaryText.set(s.summaryText());
        progress.set(s.progress());
        activity.set(s.activity());
        hasPoints.set(s.hasPoints());
        // last, so a listener on the status sees the texts of the same batch
        status.set(s.status());
    }
}
