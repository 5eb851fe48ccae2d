package tunebench.app.monitor;

import java.util.List;
import tunebench.app.Activity;
import tunebench.app.monitor.RunMonitor.Status;

/**
 * What one batch left the live run looking like, handed from the pacer's thread to the FX
 * thread in one piece, so the screen never shows half a batch.
 *
 * @param reset a new run began: the probe timeline starts over before {@code newEvals}
 * @param newEvals evaluations of this batch, oldest first
 * @param hasPoints the live run has something to draw
 */
record LiveState(boolean reset, String runName, Status status, String statusText, String failure,
        String progressText, String runInfoText, String summaryText, double progress,
        Activity activity, List<EvalEntry> newEvals, boolean hasPoints) {}
