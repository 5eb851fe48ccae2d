package tunebench.app.compare;

import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import tunebench.app.ErrorDialog;
import tunebench.app.Activity;
import tunebench.app.Workbench;

/**
 * What the Compare screen is doing, for its own status line and the workbench status bar:
 * busy or not, a sentence, progress over all prompt × column answers (counting tokens of the
 * one being written), and the last error in words a user understands. FX thread only.
 */
public final class CompareStatus {

    static final String OWNER = "compare";

    private final Workbench workbench;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper(this, "errorMessage");
    private final ReadOnlyStringWrapper errorReason = new ReadOnlyStringWrapper(this, "errorReason");
    private final ReadOnlyStringWrapper errorDetails = new ReadOnlyStringWrapper(this, "errorDetails");
    private int units;
    private int unitsDone;
    private int maxNewTokens;
    private int tokens;
    private String current = "";
    private long startedNanos;

    CompareStatus(Workbench workbench) {
        this.workbench = workbench;
    }

    /** @param units answers to write (0 when only scoring) */
    void started(int units, int maxNewTokens) {
        this.units = units;
        this.maxNewTokens = Math.max(1, maxNewTokens);
        unitsDone = 0;
        tokens = 0;
        current = units == 0 ? "Scoring tokens for the colours…" : "Starting…";
        startedNanos = System.nanoTime();
        busy.set(true);
        publish(current);
    }

    /** Loading a model or adapter: no measurable progress. */
    void loading(String what) {
        current = what;
        publish(what, -1);
    }

    /** @param what "prompt 2/3 · sft-lora (final)" */
    void columnStarted(String what) {
        tokens = 0;
        current = "Generating " + what;
        publish(current);
    }

    void token() {
        tokens++;
        publish(current + " · " + tokens + (tokens == 1 ? " token" : " tokens"));
    }

    void columnFinished() {
        unitsDone++;
        tokens = 0;
    }

    void stopping() {
        current = "Stopping…";
        publish(current);
    }

    void finished(boolean stopped) {
        busy.set(false);
        workbench.finished(OWNER);
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        text.set(stopped ? "Stopped; the answers so far stay." : units == 0 ? "Colours updated."
                : String.format(Locale.ROOT, "Done: %d answers in %.1f s.", unitsDone, seconds));
        progress.set(0);
    }

    void failed(Throwable error) {
        if (busy.get()) {
            busy.set(false);
            workbench.finished(OWNER);
            text.set("Failed.");
        }
        problem(error instanceof java.io.IOException && error.getMessage() != null
                ? "The comparison could not run." : "Something unexpected went wrong while comparing.",
                reason(error));
        errorDetails.set(details(error));
    }

    /** A problem the user can fix, told in a dialog. */
    void problem(String message, String reason) {
        errorReason.set(reason);
        errorDetails.set(null);
        errorMessage.set(message);
    }

    /** The view calls this once it has shown the error. */
    public void dismissError() {
        errorMessage.set(null);
        errorReason.set(null);
        errorDetails.set(null);
    }

    boolean busy() {
        return busy.get();
    }

    private void publish(String what) {
        publish(what, units == 0 ? -1
                : Math.min(1, (unitsDone + Math.min(1.0, tokens / (double) maxNewTokens)) / units));
    }

    private void publish(String what, double p) {
        text.set(what);
        progress.set(p);
        workbench.working(OWNER, new Activity("Compare · " + what, p));
    }

    static String reason(Throwable error) {
        if (error instanceof java.io.IOException && error.getMessage() != null) {
            return error.getMessage();
        }
        return "The engine reported " + error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage())
                + ". The details below say more.";
    }

    /** Each cause's type and message; no stack trace. */
    static String details(Throwable error) {
        return ErrorDialog.causes(error);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** 0..1 over the whole comparison; -1 while it cannot be measured. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorReasonProperty() {
        return errorReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorDetailsProperty() {
        return errorDetails.getReadOnlyProperty();
    }
}
