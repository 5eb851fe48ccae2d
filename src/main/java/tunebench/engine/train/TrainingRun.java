package tunebench.engine.train;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tunebench.engine.data.SftBatch;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.Scalars;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.engine.train.config.ConfigProblem;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.optim.AdamW;

/**
 * One fine-tuning run (SFT with LoRA, QLoRA or full; or DPO), from a {@link RunConfig} to a trained
 * adapter or model in its run folder. {@link #run} works on the calling thread, which it owns
 * for DJL (scopes and grad mode are per thread); {@link #control()} pauses, resumes or stops it
 * from anywhere. Checkpoints hold everything needed to continue bit for bit: trained weights,
 * optimizer moments, and the step, from which data order and dropout seeds follow.
 */
public final class TrainingRun {

    private final RunConfig config;
    private final Path runDir;
    private final boolean resuming;
    private final RunControl control = new RunControl();
    private UnaryOperator<Recipe> recipeHook = UnaryOperator.identity();

    private TrainingRun(RunConfig config, Path runDir, boolean resuming) {
        this.config = config;
        this.runDir = runDir;
        this.resuming = resuming;
    }

    /** A new run; refuses a folder that already holds checkpoints (resume it instead). */
    public static TrainingRun create(RunConfig config) throws IOException {
        List<ConfigProblem> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The run config has problems: " + problems);
        }
        // Says why when the device or dtype cannot be used (no driver, no CUDA libtorch, full FP16).
        RunDevice.of(config);
        Path dir = Path.of(config.runDir());
        if (new Checkpoints(dir, 1).latest().isPresent()) {
            throw new IOException(dir + " already holds checkpoints of a run: continue it with"
                    + " `train --resume " + dir + "`, or choose another name or output_dir");
        }
        return new TrainingRun(config, dir, false);
    }

    /** Continues the run in {@code runDir} from its newest checkpoint, with its saved config. */
    public static TrainingRun resume(Path runDir) throws IOException {
        if (new Checkpoints(runDir, 1).latest().isEmpty()) {
            throw new IOException(runDir + " has no checkpoint to resume from");
        }
        return new TrainingRun(RunConfigJson.read(runDir.resolve("config.json")), runDir, true);
    }

    /** Wraps the run's recipe before the loop uses it: tests inject overflows or check devices. */
    TrainingRun withRecipeHook(UnaryOperator<Recipe> hook) {
        this.recipeHook = hook;
        return this;
    }

    public RunControl control() {
        return control;
    }

    public RunConfig config() {
        return config;
    }

    public Path runDir() {
        return runDir;
    }

    /** Runs to the end, a stop request, or a failure (reported to the listener, then thrown). */
    public RunSummary run(RunListener listener) throws IOException {
        TrainingException.StepWatch steps = new TrainingException.StepWatch(listener);
        try {
            // Grad mode is per thread and on in a new one; DJL turns it off only on the thread
            // that loads the engine. Off outside the loop's collector, as on the CLI's main
            // thread: resuming copies checkpoints into leaves in place, which grad mode refuses.
            DjlRuntime.engine();
            JniUtils.setGradMode(false);
            return runLoaded(steps);
        } catch (EngineException | OutOfMemoryError e) {
            // Out of memory becomes advice for this run's settings (OutOfMemoryAdvice).
            TrainingException t = TrainingException.engineFailed(e, config, steps.running());
            listener.runFailed(t.getMessage(), e);
            throw t;
        } catch (IOException | RuntimeException e) {
            var oom = TrainingException.ifOutOfMemory(e, config, steps.running());
            listener.runFailed(oom.map(Throwable::getMessage).orElse(e.getMessage()), e);
            if (oom.isPresent()) {
                throw oom.get();
            }
            throw e;
        } finally {
            control.markFinished();
        }
    }

    private RunSummary runLoaded(RunListener listener) throws IOException {
        DjlRuntime.configure();
        RunDevice on = RunDevice.of(config);
        try (LoadedModel lm = loadModel(on)) {
            TextTokenizer tok = lm.tokenizer().orElseThrow(() -> new IOException(
                    config.model().path() + " has no tokenizer.json, which training needs"));
            boolean checkpointing = config.model().gradientCheckpointing();
            if (config.method() instanceof DpoMethod d) {
                PreferenceData data = PreferenceData.prepare(config, d, tok);
                try (Trainable trainable = trainable(lm);
                        Recipe recipe = DpoRecipe.create(lm, d, data, trainable, checkpointing)) {
                    return loop(lm, recipe, trainable, on, listener);
                }
            }
            if (config.method() instanceof RewardMethod rw) {
                int maxLength = config.data().maxLength();
                PreferenceData data = PreferenceData.prepare(config, Math.max(1, maxLength / 2), tok);
                try (RewardTrainable trainable = RewardTrainable.create(lm, rw, config.seed(),
                        data.template(), maxLength);
                        Recipe recipe = new RewardRecipe(lm, data, trainable.head())) {
                    return loop(lm, recipe, trainable, on, listener);
                }
            }
            TrainingData data = TrainingData.prepare(config, tok);
            try (Trainable trainable = trainable(lm)) {
                return loop(lm, new SftRecipe(lm, data, checkpointing), trainable, on, listener);
            }
        }
    }

    private RunSummary loop(LoadedModel lm, Recipe recipe, Trainable trainable, RunDevice on,
            RunListener listener) throws IOException {
        try (AdamW optimizer = optimizer(config, trainable.parameters())) {
            Loop loop = new Loop(config, runDir, lm, recipeHook.apply(recipe), trainable, optimizer,
                    on.newScaler(), control, listener);
            int start = resuming ? loop.restore() : loop.begin();
            return loop.run(start);
        }
    }

    /**
     * The base on the run's device in its compute dtype; QLoRA quantizes the linear weights as
     * they are read (and dequantizes them into that dtype for each pass).
     */
    private LoadedModel loadModel(RunDevice on) throws IOException {
        Path path = Path.of(config.model().path());
        return ModelLoader.load(path, on.device(), on.dtype(),
                config.method() instanceof QloraMethod q ? q.quantSpec() : null);
    }

    private Trainable trainable(LoadedModel lm) throws IOException {
        if (config.method() instanceof LoraMethod m) {
            return LoraTrainable.create(lm, m, config.seed());
        }
        if (config.method() instanceof QloraMethod q) {
            return LoraTrainable.create(lm, q.lora(), config.seed()); // the adapter is LoRA's
        }
        if (config.method() instanceof DpoMethod d && d.trainsLora()) {
            return LoraTrainable.create(lm, d.lora(), config.seed());
        }
        return new FullTrainable(lm);
    }

    /** A scope and collector around one micro-batch's forward and backward. */
    static double microStep(LoadedModel lm, NDManager work, SftBatch b, long labelTotal,
            boolean packed) {
        return microStep(lm, work, b, labelTotal, packed, false);
    }

    /**
     * Like {@link #microStep(LoadedModel, NDManager, SftBatch, long, boolean)}; with
     * {@code checkpointing} the model keeps only each decoder layer's input and recomputes
     * the layers during backward (model.gradient_checkpointing).
     */
    static double microStep(LoadedModel lm, NDManager work, SftBatch b, long labelTotal,
            boolean packed, boolean checkpointing) {
        return microStep(lm, work, b, labelTotal, packed, checkpointing, 1);
    }

    /**
     * One micro-batch whose backward carries {@code lossScale} times its share of the step's
     * mean loss (dynamic loss scaling in FP16). Returns the unscaled summed token loss.
     */
    static double microStep(LoadedModel lm, NDManager work, SftBatch b, long labelTotal,
            boolean packed, boolean checkpointing, double lossScale) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray ids = work.create(b.inputIds());
            NDArray labels = work.create(b.labels());
            if (checkpointing) {
                double[] sum = new double[1];
                lm.model().trainingBackward(ids, packed ? null : work.create(b.attentionMask()),
                        packed ? work.create(b.positionIds()) : null,
                        packed ? work.create(b.segmentIds()) : null, true, logits -> {
                            NDArray s = CausalLmLoss.sum(logits, labels);
                            sum[0] = s.getFloat(); // read now: the pass frees it after backward
                            return scaled(s.div(Scalars.of(s, labelTotal)), lossScale);
                        });
                return sum[0];
            }
            NDArray logits = packed
                    ? lm.model().forwardPacked(ids, work.create(b.positionIds()), work.create(b.segmentIds()))
                    : lm.model().forward(ids, work.create(b.attentionMask()), null, null, false);
            NDArray sum = CausalLmLoss.sum(logits, labels);
            gc.backward(scaled(sum.div(Scalars.of(sum, labelTotal)), lossScale));
            return sum.getFloat();
        }
    }

    /** The float32 loss times the loss scale (unchanged at 1, so float32 runs stay bit-exact). */
    private static NDArray scaled(NDArray loss, double lossScale) {
        return lossScale == 1 ? loss : loss.mul(Scalars.of(loss, lossScale));
    }

    /** AdamW over the trainable parameters, with its moments paged to host memory on optim.paged. */
    static AdamW optimizer(RunConfig config, Map<String, NDArray> parameters) {
        var o = config.optim();
        return new AdamW(parameters, o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.paged());
    }
}
