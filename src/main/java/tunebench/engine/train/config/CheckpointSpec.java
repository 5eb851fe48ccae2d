package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;

/**
 * When a run saves a resumable checkpoint and how many it keeps; the last one is always saved
 * at the end, and the run config is written beside each.
 *
 * @param everySteps save every this many optimizer steps (0 = only at the end)
 * @param keepLast delete older checkpoints beyond this many
 */
public record CheckpointSpec(int everySteps, int keepLast) {

    public static CheckpointSpec defaults() {
        return new CheckpointSpec(100, 2);
    }

    public CheckpointSpec withEverySteps(int n) {
        return new CheckpointSpec(n, keepLast);
    }

    public CheckpointSpec withKeepLast(int n) {
        return new CheckpointSpec(everySteps, n);
    }

    /** Problems keyed relative to this section. */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (everySteps < 0) {
            out.add(new ConfigProblem("every_steps", "must be >= 0 (0 = only at the end), got "
                    + everySteps));
        }
        if (keepLast < 1) {
            out.add(new ConfigProblem("keep_last", "must be at least 1, got " + keepLast));
        }
        return out;
    }
}
