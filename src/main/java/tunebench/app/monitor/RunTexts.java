package tunebench.app.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tunebench.app.Activity;
import tunebench.app.Formats;
import tunebench.app.monitor.RunMonitor.Status;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunSummary;

/** The live run's sentences: status line, run facts, closing summary, status-bar activity. */
final class RunTexts {

    RunInfo info;
    RunSummary summary;
    EvalEntry lastEval;
    int checkpoint;

    void clear() {
        info = null;
        summary = null;
        lastEval = null;
        checkpoint = 0;
    }

    String status(Status s, int step, String failure) {
        return switch (s) {
            case IDLE -> "No run yet";
            case STARTING -> "Starting: loading the model and data…";
            case RUNNING -> checkpoint > 0 ? "Running · checkpoint saved at step " + checkpoint : "Running";
            case PAUSED -> "Paused after step " + step;
            case FINISHED -> "Finished: " + summary.steps() + " steps in "
                    + MonitorText.duration(summary.elapsedS()) + " · final loss "
                    + MonitorText.number(summary.finalLoss());
            case STOPPED -> "Stopped after step " + summary.steps()
                    + (checkpoint == summary.steps() ? " · checkpoint saved" : "");
            case FAILED -> "Failed" + (step > 0 ? " at step " + step : "") + ": " + firstLine(failure);
        };
    }

    /** "1,200 training examples · 60 for validation · 2.36 M of 110 M parameters trainable (2.1%)". */
    String runInfo() {
        if (info == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        parts.add(Formats.exact(info.trainExamples()) + " training examples");
        parts.add(info.validationExamples() == 0 ? "no validation set"
                : Formats.exact(info.validationExamples()) + " for validation");
        parts.add(Formats.count(info.trainableParameters()) + " of "
                + Formats.count(info.totalParameters()) + " parameters trainable ("
                + String.format(Locale.ROOT, "%.2f%%", info.trainablePercent()) + ")");
        if (info.truncated() > 0) {
            parts.add(Formats.exact(info.truncated()) + " cut at max_length");
        }
        if (!info.dataProblems().isEmpty()) {
            parts.add(info.dataProblems().size() + " data lines skipped");
        }
        if (info.startStep() > 0) {
            parts.add("resumed at step " + info.startStep());
        }
        return String.join(" · ", parts);
    }

    /** How the run ended, in sentences. */
    String summary() {
        if (summary == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        String took = MonitorText.duration(summary.elapsedS());
        if (summary.stoppedEarly()) {
            b.append("Stopped on request after ").append(summary.steps()).append(" steps (")
                    .append(took).append(").");
            if (checkpoint == summary.steps()) {
                b.append(" A checkpoint was saved: the run can be resumed.");
            }
        } else {
            b.append("Finished ").append(summary.steps()).append(" steps in ").append(took).append('.');
        }
        b.append(" Final training loss ").append(MonitorText.number(summary.finalLoss()));
        if (lastEval != null && Double.isFinite(lastEval.evalLoss())) {
            b.append("; eval loss ").append(MonitorText.number(lastEval.evalLoss()))
                    .append(" (perplexity ").append(MonitorText.number(lastEval.evalPpl())).append(')');
        }
        b.append('.');
        if (summary.output() != null) {
            b.append(" Saved to ").append(summary.output()).append('.');
        }
        return b.toString();
    }

    /** What the status bar says; null once the run is over. */
    Activity activity(Status s, String name, int step, int total, double eta, double progress) {
        String run = "Training " + name;
        return switch (s) {
            case STARTING -> Activity.indeterminate(run + " · starting");
            case RUNNING -> new Activity(run + " · step " + step + "/" + total
                    + (Double.isFinite(eta) && step < total ? " · " + MonitorText.duration(eta) + " left" : ""),
                    progress);
            case PAUSED -> new Activity(run + " · paused at " + step + "/" + total, progress);
            default -> null;
        };
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
