package tunebench.app.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunSummary;

/** The sentences the Train screen writes about a run once it has ended. */
final class RunText {

    private RunText() {}

    /**
     * "Finished 225 steps in 54 s · final loss 0.4123 · eval loss 1.1400 · adapter saved in
     * runs/sft-lora/adapter", or where a stopped run left its checkpoint.
     */
    static String summary(RunSummary s, int totalSteps, double lastEvalLoss, Path lastCheckpoint,
            Function<Path, String> shown) {
        if (s.stoppedEarly()) {
            return "Stopped at step " + s.steps() + " of " + totalSteps + "."
                    + (lastCheckpoint == null ? "" : " Checkpoint saved in "
                            + shown.apply(lastCheckpoint) + "; Start offers to resume it.");
        }
        StringBuilder sb = new StringBuilder("Finished " + s.steps() + " steps in "
                + FormText.duration(s.elapsedS()) + " · final loss " + decimal(s.finalLoss()));
        if (Double.isFinite(lastEvalLoss)) {
            sb.append(" · eval loss ").append(decimal(lastEvalLoss));
        }
        if (s.output() != null) {
            String what = s.output().getFileName().toString().equals("adapter") ? "adapter" : "model";
            sb.append(" · ").append(what).append(" saved in ").append(shown.apply(s.output()));
        }
        return sb.toString();
    }

    /** What the data lost on the way in, which a user should hear about; "" when nothing. */
    static String dataNote(RunInfo info) {
        List<String> parts = new ArrayList<>();
        if (info.truncated() > 0) {
            parts.add(info.truncated() + (info.truncated() == 1 ? " example was" : " examples were")
                    + " cut at max length");
        }
        if (info.dropped() > 0) {
            parts.add(info.dropped() + " left nothing to learn after the cut and were dropped");
        }
        if (!info.dataProblems().isEmpty()) {
            parts.add(info.dataProblems().size() + " unusable " + (info.dataProblems().size() == 1
                    ? "line was" : "lines were") + " skipped (" + info.dataProblems().get(0) + ")");
        }
        return parts.isEmpty() ? "" : "Data: " + String.join("; ", parts) + ".";
    }

    static String decimal(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
