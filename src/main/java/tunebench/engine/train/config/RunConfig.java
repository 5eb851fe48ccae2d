package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One training run, as the GUI's form and the CLI's JSON file both describe it. Out-of-range
 * values are allowed so a form can hold what the user is typing; {@link #validate()} lists them
 * all. JSON lives in {@link RunConfigJson}.
 *
 * @param schemaVersion layout of the JSON; always {@link #SCHEMA_VERSION} in memory
 * @param name names the run and, by default, its folder
 * @param outputDir where checkpoints and logs go; null = {@code runs/<name>}
 * @param seed seeds data order, dropout and LoRA init, so a run can be repeated
 */
public record RunConfig(
        int schemaVersion,
        String name,
        String outputDir,
        ModelSpec model,
        DataSpec data,
        Method method,
        OptimSpec optim,
        ScheduleSpec schedule,
        EvalSpec eval,
        CheckpointSpec checkpoint,
        long seed) {

    /** Bump when a key is renamed or its meaning changes, and teach RunConfigJson to migrate. */
    public static final int SCHEMA_VERSION = 1;
    /** transformers' default seed, so runs compare with a Trainer run out of the box. */
    public static final long DEFAULT_SEED = 42;

    public RunConfig {
        // Older layouts are migrated while reading; in memory there is only the current one.
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema version must be " + SCHEMA_VERSION
                    + ", got " + schemaVersion);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(optim, "optim");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(eval, "eval");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** A run with every default: LoRA, AdamW at 2e-4, one cosine epoch. */
    public static RunConfig of(String name, String modelPath, String trainFile) {
        return new RunConfig(SCHEMA_VERSION, name, null, ModelSpec.of(modelPath),
                DataSpec.of(trainFile), Method.defaults(), OptimSpec.defaults(),
                ScheduleSpec.defaults(), EvalSpec.defaults(), CheckpointSpec.defaults(),
                DEFAULT_SEED);
    }

    /** The run's folder: {@code outputDir} if set, else {@code runs/<name>}. */
    public String runDir() {
        return outputDir != null ? outputDir : "runs/" + name;
    }

    /** Every problem at once, keyed by dotted snake_case name; empty means the run can start. */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (name == null || name.isBlank()) {
            out.add(new ConfigProblem("name", "required: it names the run"));
        } else if (outputDir == null && (name.contains("/") || name.contains("\\"))) {
            out.add(new ConfigProblem("name", "must not contain '/' or '\\' (it names the folder "
                    + runDir() + "); set output_dir for another place"));
        }
        if (outputDir != null && outputDir.isBlank()) {
            out.add(new ConfigProblem("output_dir", "empty; leave it out to use runs/<name>"));
        }
        add(out, "model", model.validate());
        add(out, "data", data.validate());
        add(out, "method", method.validate());
        if (method instanceof DpoMethod d && d.maxPromptLength() >= 1
                && d.maxPromptLength() >= data.maxLength() && data.maxLength() >= 1) {
            // TRL cuts the prompt to max_prompt_length inside max_length: the reply needs room
            out.add(new ConfigProblem("method.max_prompt_length", "must be below data.max_length ("
                    + data.maxLength() + ") to leave room for the replies, got " + d.maxPromptLength()));
        }
        add(out, "optim", optim.validate());
        add(out, "schedule", schedule.validate());
        add(out, "eval", eval.validate());
        add(out, "checkpoint", checkpoint.validate());
        return out;
    }

    private static void add(List<ConfigProblem> out, String section, List<ConfigProblem> found) {
        found.forEach(p -> out.add(p.under(section)));
    }

    public RunConfig withName(String n) {
        return new RunConfig(schemaVersion, n, outputDir, model, data, method, optim, schedule,
                eval, checkpoint, seed);
    }

    public RunConfig withOutputDir(String dir) {
        return new RunConfig(schemaVersion, name, dir, model, data, method, optim, schedule,
                eval, checkpoint, seed);
    }

    public RunConfig withModel(ModelSpec m) {
        return new RunConfig(schemaVersion, name, outputDir, m, data, method, optim, schedule,
                eval, checkpoint, seed);
    }

    public RunConfig withData(DataSpec d) {
        return new RunConfig(schemaVersion, name, outputDir, model, d, method, optim, schedule,
                eval, checkpoint, seed);
    }

    public RunConfig withMethod(Method m) {
        return new RunConfig(schemaVersion, name, outputDir, model, data, m, optim, schedule,
                eval, checkpoint, seed);
    }

    public RunConfig withOptim(OptimSpec o) {
        return new RunConfig(schemaVersion, name, outputDir, model, data, method, o, schedule,
                eval, checkpoint, seed);
    }

    public RunConfig withSchedule(ScheduleSpec s) {
        return new RunConfig(schemaVersion, name, outputDir, model, data, method, optim, s,
                eval, checkpoint, seed);
    }

    public RunConfig withEval(EvalSpec e) {
        return new RunConfig(schemaVersion, name, outputDir, model, data, method, optim,
                schedule, e, checkpoint, seed);
    }

    public RunConfig withCheckpoint(CheckpointSpec c) {
        return new RunConfig(schemaVersion, name, outputDir, model, data, method, optim,
                schedule, eval, c, seed);
    }

    public RunConfig withSeed(long s) {
        return new RunConfig(schemaVersion, name, outputDir, model, data, method, optim,
                schedule, eval, checkpoint, s);
    }
}
