package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How long a run lasts and how the learning rate moves: warmup, then cosine, linear or constant,
 * as transformers' {@code get_scheduler} does. One optimizer step sees
 * {@code batchSize * gradientAccumulation} examples.
 *
 * @param type "cosine", "linear" or "constant" (after warmup)
 * @param warmupRatio fraction of the steps spent warming up, used when warmupSteps is 0
 * @param warmupSteps warmup length in steps; when > 0 it wins over the ratio
 * @param epochs passes over the training data, used when maxSteps is -1
 * @param maxSteps optimizer steps to run; -1 = as many as the epochs take
 * @param batchSize examples per forward pass
 * @param gradientAccumulation forward passes per optimizer step
 * @param logEvery report metrics every this many optimizer steps
 */
public record ScheduleSpec(
        String type,
        double warmupRatio,
        int warmupSteps,
        int epochs,
        int maxSteps,
        int batchSize,
        int gradientAccumulation,
        int logEvery) {

    public static final List<String> TYPES = List.of("cosine", "linear", "constant");
    /** The {@code maxSteps} that means "run the epochs". */
    public static final int BY_EPOCHS = -1;

    public static ScheduleSpec defaults() {
        return new ScheduleSpec("cosine", 0.03, 0, 1, BY_EPOCHS, 4, 1, 1);
    }

    /** Warmup steps for a run of {@code totalSteps}; rounds up as transformers does. */
    public int warmupStepsFor(int totalSteps) {
        return warmupSteps > 0 ? warmupSteps : (int) Math.ceil(warmupRatio * totalSteps);
    }

    public int effectiveBatchSize() {
        return batchSize * gradientAccumulation;
    }

    public ScheduleSpec withType(String t) {
        return new ScheduleSpec(t, warmupRatio, warmupSteps, epochs, maxSteps, batchSize,
                gradientAccumulation, logEvery);
    }

    public ScheduleSpec withWarmupSteps(int n) {
        return new ScheduleSpec(type, warmupRatio, n, epochs, maxSteps, batchSize,
                gradientAccumulation, logEvery);
    }

    public ScheduleSpec withEpochs(int n) {
        return new ScheduleSpec(type, warmupRatio, warmupSteps, n, maxSteps, batchSize,
                gradientAccumulation, logEvery);
    }

    public ScheduleSpec withMaxSteps(int n) {
        return new ScheduleSpec(type, warmupRatio, warmupSteps, epochs, n, batchSize,
                gradientAccumulation, logEvery);
    }

    public ScheduleSpec withBatchSize(int n) {
        return new ScheduleSpec(type, warmupRatio, warmupSteps, epochs, maxSteps, n,
                gradientAccumulation, logEvery);
    }

    public ScheduleSpec withGradientAccumulation(int n) {
        return new ScheduleSpec(type, warmupRatio, warmupSteps, epochs, maxSteps, batchSize, n,
                logEvery);
    }

    /** Problems keyed relative to this section. */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (!TYPES.contains(type)) {
            out.add(new ConfigProblem("type", "unknown schedule "
                    + (type == null ? "(none)" : "'" + type + "'")
                    + " (known: " + String.join(", ", TYPES) + ")"));
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1)) {
            out.add(new ConfigProblem("warmup_ratio", "must be in [0, 1), got " + warmupRatio));
        }
        if (warmupSteps < 0) {
            out.add(new ConfigProblem("warmup_steps", "must be >= 0, got " + warmupSteps));
        } else if (maxSteps > 0 && warmupSteps >= maxSteps) {
            out.add(new ConfigProblem("warmup_steps", "warmup of " + warmupSteps
                    + " steps leaves nothing of a " + maxSteps + "-step run"));
        }
        if (maxSteps == 0 || maxSteps < BY_EPOCHS) {
            out.add(new ConfigProblem("max_steps",
                    "must be at least 1, or -1 to run the epochs; got " + maxSteps));
        }
        if (maxSteps == BY_EPOCHS && epochs < 1) {
            out.add(new ConfigProblem("epochs", "must be at least 1, got " + epochs));
        }
        atLeastOne(out, "batch_size", batchSize);
        atLeastOne(out, "gradient_accumulation", gradientAccumulation);
        atLeastOne(out, "log_every", logEvery);
        return out;
    }

    private static void atLeastOne(List<ConfigProblem> out, String key, int value) {
        if (value < 1) {
            out.add(new ConfigProblem(key, "must be at least 1, got " + value));
        }
    }
}
