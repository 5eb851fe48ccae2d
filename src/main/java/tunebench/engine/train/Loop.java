package tunebench.engine.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.io.AtomicFiles;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.optim.AdamW;
import tunebench.engine.train.optim.GradientClipping;
import tunebench.engine.train.optim.LossScaler;
import tunebench.engine.train.optim.LrSchedule;

/**
 * The optimisation loop of one run: for each step, forward and backward over the accumulated
 * micro-batches, clip, update, log; evaluate and checkpoint on schedule; honour pause and stop.
 * Everything about a step follows from its number (data position, dropout seed, learning
 * rate), which is why a checkpoint's step is all resume needs besides weights and moments.
 */
final class Loop {

    /** trainer_state.json's key for the loss scaler's state (FP16 runs). */
    static final String SCALER_KEY = "loss_scaler";

    private final RunConfig config;
    private final Path runDir;
    private final LoadedModel lm;
    private final Recipe recipe;
    private final Trainable trainable;
    private final AdamW optimizer;
    private final LossScaler scaler; // null unless the base computes in FP16
    private final RunControl control;
    private final RunListener listener;
    private final Checkpoints checkpoints;
    private final int accumulation;
    private final int totalSteps;
    private final LrSchedule schedule;
    private final long startNanos = System.nanoTime();
    private double elapsedBefore;
    private MetricsLog log;

    /** @param scaler dynamic loss scaling for an FP16 base, or null (float32: no scaling) */
    Loop(RunConfig config, Path runDir, LoadedModel lm, Recipe recipe, Trainable trainable,
            AdamW optimizer, LossScaler scaler, RunControl control, RunListener listener) {
        this.config = config;
        this.runDir = runDir;
        this.lm = lm;
        this.recipe = recipe;
        this.trainable = trainable;
        this.optimizer = optimizer;
        this.scaler = scaler;
        this.control = control;
        this.listener = listener;
        this.checkpoints = new Checkpoints(runDir, config.checkpoint().keepLast());
        this.accumulation = config.schedule().gradientAccumulation();
        int perEpoch = recipe.batchesPerEpoch();
        this.totalSteps = config.schedule().maxSteps() > 0 ? config.schedule().maxSteps()
                : (int) Math.ceil((double) perEpoch * config.schedule().epochs() / accumulation);
        this.schedule = LrSchedule.of(config.schedule().type(), config.optim().lr(),
                config.schedule().warmupStepsFor(totalSteps), totalSteps);
    }

    /** A fresh run: its folder and resolved config. Returns the first step. */
    int begin() throws IOException {
        java.nio.file.Files.createDirectories(runDir);
        RunConfigJson.write(config, runDir.resolve("config.json"));
        log = MetricsLog.open(runDir.resolve("metrics.jsonl"), 0);
        return 0;
    }

    /** Loads the newest checkpoint's weights, moments and position. Returns its step. */
    int restore() throws IOException {
        Path ckpt = checkpoints.latest().orElseThrow();
        trainable.loadCheckpoint(ckpt);
        optimizer.load(ckpt.resolve("optimizer.safetensors"));
        int step = Checkpoints.stepOf(ckpt);
        JsonNode state = new ObjectMapper().readTree(ckpt.resolve("trainer_state.json").toFile());
        elapsedBefore = state.path("elapsed_s").asDouble(0);
        JsonNode scaling = state.path(SCALER_KEY);
        if (scaler != null && scaling.isObject()) { // else (a float32 checkpoint) it starts afresh
            scaler.load(new LossScaler.State(scaling.path("scale").asDouble(),
                    scaling.path("growth_tracker").asInt(), scaling.path("skipped_steps").asLong()));
        }
        log = MetricsLog.open(runDir.resolve("metrics.jsonl"), step);
        return step;
    }

    RunSummary run(int start) throws IOException {
        try (MetricsLog ignored = log; NDManager work = lm.model().manager().newSubManager()) {
            Recipe.DataSummary data = recipe.summary();
            listener.runStarted(new RunInfo(runDir, start, totalSteps, recipe.batchesPerEpoch(),
                    trainable.trainableCount(), trainable.totalCount(), data.trainExamples(),
                    data.validationExamples(), data.truncated(), data.dropped(), data.problems()));
            double loss = Double.NaN;
            int step = start;
            while (step < totalSteps) {
                // 1. pause and stop are honoured between steps; a stop checkpoints first
                if (awaitGo(step)) {
                    if (step > start) {
                        saveCheckpoint(step);
                    }
                    RunSummary s = new RunSummary(step, loss, elapsed(), null, true);
                    listener.runFinished(s);
                    return s;
                }
                // 2. forward and backward over the step's micro-batches
                long t0 = System.nanoTime();
                // Dropout draws from libtorch's generator: seed it per step so resume repeats it.
                DjlRuntime.engine().setRandomSeed((int) (config.seed() * 1_000_003L + step));
                double lossScale = scaler == null ? 1 : scaler.scale();
                Recipe.StepResult result = recipe.step(work, (long) step * accumulation,
                        accumulation, lossScale);
                loss = result.loss();
                trainable.gatherGradients(); // full FP16: into the FP32 masters
                // 3. FP16: gradients back to their true size; an overflow skips the update
                if (scaler != null && !unscaledFinite(loss)) {
                    step = skip(work, step, loss, lossScale, result, t0);
                    continue;
                }
                // a diverged loss stops the run before it can damage the weights
                if (!Double.isFinite(loss)) {
                    throw diverged(step, "loss", loss);
                }
                // 4. clip and update (a non-finite gradient would poison every weight it touches)
                double gradNorm = GradientClipping.clipGlobalNorm(trainable.parameters().values(),
                        config.optim().maxGradNorm());
                if (!Double.isFinite(gradNorm)) {
                    throw diverged(step, "gradient norm", gradNorm);
                }
                double lr = schedule.lr(step);
                optimizer.step(lr);
                trainable.parametersUpdated();
                if (scaler != null) {
                    scaler.update(true);
                }
                step++;
                // 5. report, evaluate, checkpoint
                double seconds = (System.nanoTime() - t0) / 1e9;
                report(new StepMetrics(step, totalSteps, epochAt(step), loss, lr, gradNorm,
                        result.tokens() / seconds, elapsed(), withScale(result.extra(), lossScale)));
                afterStep(work, step);
            }
            saveCheckpoint(step);
            Path output = trainable.saveFinal(runDir);
            RunSummary s = new RunSummary(step, loss, elapsed(), output, false);
            listener.runFinished(s);
            return s;
        }
    }

    /** Evaluation and checkpoints on their schedule, after a step taken or skipped. */
    private void afterStep(NDManager work, int step) throws IOException {
        boolean last = step == totalSteps;
        int evalEvery = config.eval().everySteps();
        if (last || (evalEvery > 0 && step % evalEvery == 0)) {
            evaluate(work, step);
        }
        int checkpointEvery = config.checkpoint().everySteps(); // 0: only at the end
        if (!last && checkpointEvery > 0 && step % checkpointEvery == 0) {
            saveCheckpoint(step);
        }
    }

    /** Divides the scaled gradients back; false when the loss or any gradient is inf or NaN. */
    private boolean unscaledFinite(double loss) {
        boolean gradientsFinite = scaler.unscale(trainable.parameters().values());
        return gradientsFinite && Double.isFinite(loss);
    }

    /**
     * A step whose FP16 gradients overflowed: no update (parameters, moments and the optimizer's
     * step count stay as they were), gradients zeroed, the scale halved, as torch's GradScaler
     * does. The step still counts, so data order and the schedule go on as in an unskipped run.
     * An overflow at the smallest scale is not an overflow scaling can cure: the run stops.
     */
    private int skip(NDManager work, int step, double loss, double lossScale,
            Recipe.StepResult result, long t0) throws IOException {
        optimizer.zeroGradients();
        if (lossScale <= scaler.spec().minScale()) {
            throw new TrainingException("The FP16 " + (Double.isFinite(loss) ? "gradients" : "loss")
                    + " overflowed at step " + (step + 1) + " even at loss scale " + lossScale
                    + "; the run stopped without applying that update. Set model.dtype to float32,"
                    + " or lower optim.lr (now " + config.optim().lr() + ").");
        }
        scaler.update(false);
        int done = step + 1;
        listener.stepSkipped(done, "skipped step: gradient overflow, loss scale now "
                + fmt(scaler.scale()), scaler.scale());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> extra = withScale(result.extra(), lossScale);
        extra.put("skipped", 1.0);
        report(new StepMetrics(done, totalSteps, epochAt(done), loss, schedule.lr(step), Double.NaN,
                result.tokens() / seconds, elapsed(), extra));
        afterStep(work, done);
        return done;
    }

    private Map<String, Double> withScale(Map<String, Double> extra, double lossScale) {
        Map<String, Double> out = new LinkedHashMap<>(extra);
        if (scaler != null) {
            out.put("loss_scale", lossScale);
        }
        return out;
    }

    private static String fmt(double scale) {
        return scale == Math.rint(scale) && Math.abs(scale) < 1e15 ? Long.toString((long) scale)
                : Double.toString(scale);
    }

    private double epochAt(int step) {
        return (double) step * accumulation / recipe.batchesPerEpoch();
    }

    private boolean awaitGo(int step) throws IOException {
        boolean paused = control.isPaused();
        if (paused) {
            listener.runPaused(step);
        }
        try {
            boolean stop = control.awaitGo();
            if (!stop && paused) {
                listener.runResumed(step);
            }
            return stop;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private TrainingException diverged(int step, String what, double value) {
        String kept = "";
        try {
            kept = checkpoints.latest().map(p -> " The last good checkpoint is " + p + ".").orElse("");
        } catch (IOException ignored) {
            // the message is still useful without the checkpoint's name
        }
        return new TrainingException("The " + what + " became " + value + " at step " + (step + 1)
                + "; the run stopped without applying that update." + kept + " Lower optim.lr (now "
                + config.optim().lr() + ") or set optim.max_grad_norm to clip gradients.");
    }

    private void report(StepMetrics m) throws IOException {
        listener.stepCompleted(m);
        if (m.step() % Math.max(1, config.schedule().logEvery()) == 0 || m.step() == totalSteps) {
            ObjectNode line = MetricsLog.line();
            line.put("step", m.step());
            line.put("epoch", m.epoch());
            line.put("loss", m.loss());
            line.put("lr", m.lr());
            line.put("grad_norm", m.gradNorm());
            line.put("tokens_per_s", m.tokensPerS());
            line.put("elapsed_s", m.elapsedS());
            m.extra().forEach(line::put);
            log.append(line);
        }
    }

    /** The recipe's validation measures, then the probe prompts, with dropout off. */
    private void evaluate(NDManager work, int step) throws IOException {
        trainable.trainMode(false);
        try {
            Recipe.EvalResult r = recipe.evaluate(work);
            EvalMetrics m = new EvalMetrics(step, r.loss(), r.ppl(), probes(), r.extra());
            listener.evalCompleted(m);
            ObjectNode line = MetricsLog.line();
            line.put("step", step);
            line.put("eval_loss", m.evalLoss());
            line.put("eval_ppl", m.evalPpl());
            m.extra().forEach(line::put);
            ArrayNode probes = line.putArray("probes");
            m.probes().forEach(p -> probes.addObject().put("prompt", p.prompt()).put("output", p.output()));
            log.append(line);
        } finally {
            trainable.trainMode(true);
        }
    }

    private List<EvalMetrics.ProbeOutput> probes() {
        List<String> prompts = config.eval().probePrompts();
        if (prompts.isEmpty()) {
            return List.of();
        }
        TextTokenizer tok = lm.tokenizerOrNull();
        List<long[]> ids = new ArrayList<>();
        for (String p : prompts) {
            // a base model being pre-trained continues text; a chat run answers a user turn
            ids.add(recipe.summary().plainText() ? tok.encode(p, true)
                    : tok.encodeChat(recipe.summary().template().render(List.of(new ChatMessage("user", p)), true)));
        }
        GenerationSpec spec = GenerationSpec.greedy(config.eval().probeMaxNewTokens())
                .withEosTokenIds(lm.chatStopTokenIds());
        Generator g = new Generator(lm.model(), x -> tok.decode(x, true), lm.padTokenId());
        List<EvalMetrics.ProbeOutput> out = new ArrayList<>();
        var texts = g.generate(ids, spec, GenerationListener.NONE);
        for (int i = 0; i < prompts.size(); i++) {
            out.add(new EvalMetrics.ProbeOutput(prompts.get(i), texts.get(i).text()));
        }
        return out;
    }

    private void saveCheckpoint(int step) throws IOException {
        Path dir = checkpoints.save(step, d -> {
            trainable.saveCheckpoint(d);
            optimizer.save(d.resolve("optimizer.safetensors"));
            ObjectNode state = new ObjectMapper().createObjectNode();
            state.put("step", step);
            state.put("total_steps", totalSteps);
            state.put("epoch", epochAt(step));
            state.put("micro_batches_seen", (long) step * accumulation);
            state.put("seed", config.seed());
            state.put("elapsed_s", elapsed());
            if (scaler != null) {
                LossScaler.State sc = scaler.state();
                state.putObject(SCALER_KEY).put("scale", sc.scale())
                        .put("growth_tracker", sc.growthTracker())
                        .put("skipped_steps", sc.skippedSteps());
            }
            AtomicFiles.writeString(d.resolve("trainer_state.json"),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(state));
            RunConfigJson.write(config, d.resolve("config.json"));
        });
        listener.checkpointSaved(step, dir);
    }

    private double elapsed() {
        return elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
    }
}
