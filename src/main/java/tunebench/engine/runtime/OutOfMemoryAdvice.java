package tunebench.engine.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.memory.MemoryEstimate;
import tunebench.engine.train.memory.MemoryEstimator;
import tunebench.engine.train.memory.MemoryPlan;

/**
 * Turns an out-of-memory failure into what to change. Recognises PyTorch's CUDA allocator
 * ("CUDA out of memory. Tried to allocate 2.00 GiB ..."), its CPU allocator
 * ("DefaultCPUAllocator: can't allocate memory: you tried to allocate N bytes"), C++'s
 * std::bad_alloc and Java's OutOfMemoryError anywhere in a cause chain, and suggests only the
 * changes the run has not made yet (the levers of the Hugging Face and Unsloth memory guides:
 * smaller micro-batch with more accumulation, shorter sequences, gradient checkpointing, a
 * quantized base), each with what the memory estimate says it saves.
 */
public final class OutOfMemoryAdvice {

    /** Which memory ran out. */
    public enum Kind { GPU, HOST, JAVA_HEAP }

    /**
     * An out-of-memory failure found in a cause chain.
     *
     * @param tried what the failing allocation asked for ("2.00 GiB"), or null when not said
     * @param cause the throwable that said it
     */
    public record Found(Kind kind, String tried, Throwable cause) {}

    private static final Pattern CUDA = Pattern.compile(
            "CUDA out of memory|CUDA error: out of memory|CUBLAS_STATUS_ALLOC_FAILED|OutOfMemoryError: CUDA",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CUDA_TRIED = Pattern.compile("Tried to allocate ([\\d.]+ ?[KMGT]?i?B)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST = Pattern.compile(
            "DefaultCPUAllocator: can't allocate memory|std::bad_alloc", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_TRIED = Pattern.compile("tried to allocate (\\d+) bytes",
            Pattern.CASE_INSENSITIVE);
    private static final int SHORTEST_WORTH_HALVING = 256;
    /** Savings below this are noise in the estimate: not worth a number. */
    private static final long SMALLEST_SAVING = 50_000_000L;

    private OutOfMemoryAdvice() {}

    /** The first out-of-memory failure in the chain, outermost first. */
    public static Optional<Found> find(Throwable error) {
        Set<Throwable> seen = new LinkedHashSet<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (CUDA.matcher(m).find()) {
                Matcher tried = CUDA_TRIED.matcher(m);
                return Optional.of(new Found(Kind.GPU, tried.find() ? tried.group(1) : null, t));
            }
            if (HOST.matcher(m).find()) {
                Matcher tried = HOST_TRIED.matcher(m);
                return Optional.of(new Found(Kind.HOST,
                        tried.find() ? gib(Long.parseLong(tried.group(1))) : null, t));
            }
            if (t instanceof OutOfMemoryError) {
                return Optional.of(new Found(Kind.JAVA_HEAP, null, t));
            }
        }
        return Optional.empty();
    }

    /**
     * The advice for a failure of this run, or empty when it was not out of memory. Reads the
     * model's config.json for the savings; without it the advice has no numbers.
     *
     * @param step the step that was running (from 1), or 0 when the run had not started
     */
    public static Optional<String> explain(Throwable error, RunConfig config, int step) {
        return find(error).map(f -> advise(f, config, step, modelConfig(config)));
    }

    /**
     * "The GPU ran out of memory at step 12 (tried to allocate 2.00 GiB). Try: ...".
     *
     * @param model the model's config for the savings, or null to leave them out
     */
    public static String advise(Found found, RunConfig config, int step, ModelConfig model) {
        StringBuilder s = new StringBuilder(switch (found.kind()) {
            case GPU -> "The GPU ran out of memory";
            case HOST -> "The computer ran out of memory";
            case JAVA_HEAP -> "Java ran out of memory";
        });
        s.append(step > 0 ? " at step " + step : " while loading the model and data");
        if (found.tried() != null) {
            s.append(" (tried to allocate ").append(found.tried()).append(')');
        }
        s.append('.');
        if (found.kind() == Kind.JAVA_HEAP) {
            s.append(" Start Tunebench with a larger -Xmx (the limit is now ")
                    .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB), or");
        }
        List<Change> changes = changes(config, found.kind() == Kind.GPU);
        if (changes.isEmpty()) {
            return s.append(found.kind() == Kind.JAVA_HEAP ? " use a smaller model." : " Every memory saving is"
                    + " already on: use a smaller model or a device with more memory.").toString();
        }
        Estimates estimates = new Estimates(model, config, found.kind() == Kind.GPU ? 2 : 4);
        List<String> parts = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Change c : changes) {
            parts.add(c.words() + estimates.saving(c.changed()));
            keys.addAll(c.keys());
        }
        s.append(found.kind() == Kind.JAVA_HEAP ? " try: " : " Try: ");
        for (int i = 0; i < parts.size(); i++) {
            s.append(i == 0 ? "" : i == parts.size() - 1 ? ", or " : ", ").append(parts.get(i));
        }
        return s.append(". (Settings: ").append(String.join(", ", keys)).append(".)").toString();
    }

    /** One change to suggest: its words, the config it makes, the keys it touches. */
    private record Change(String words, RunConfig changed, List<String> keys) {}

    /** Only what is not already done, in the order that costs the least quality first. */
    private static List<Change> changes(RunConfig c, boolean gpu) {
        List<Change> out = new ArrayList<>();
        int batch = c.schedule().batchSize();
        if (batch > 1) {
            int accumulation = c.schedule().gradientAccumulation();
            // An even batch halves; an odd one goes to 1, so the effective batch stays exact.
            int smaller = batch % 2 == 0 ? batch / 2 : 1;
            int more = accumulation * batch / smaller;
            out.add(new Change("batch size " + batch + " -> " + smaller + " (keep the effective batch of "
                    + batch * accumulation + " with gradient accumulation " + accumulation + " -> " + more + ")",
                    c.withSchedule(c.schedule().withBatchSize(smaller).withGradientAccumulation(more)),
                    List.of("schedule.batch_size", "schedule.gradient_accumulation")));
        }
        int length = c.data().maxLength();
        if (length >= SHORTEST_WORTH_HALVING) {
            out.add(new Change("max length " + length + " -> " + length / 2 + " (longer examples are cut)",
                    c.withData(c.data().withMaxLength(length / 2)), List.of("data.max_length")));
        }
        if (!c.model().gradientCheckpointing()) {
            out.add(new Change("turn on gradient checkpointing",
                    c.withModel(c.model().withGradientCheckpointing(true)), List.of("model.gradient_checkpointing")));
        }
        if (gpu && !c.optim().paged() && !(c.method() instanceof QloraMethod)) {
            out.add(new Change("the paged optimizer (AdamW's moments in host memory)",
                    c.withOptim(c.optim().withPaged(true)), List.of("optim.paged")));
        }
        if (c.method() instanceof FullMethod) {
            out.add(new Change("LoRA instead of full fine-tuning", c.withMethod(LoraMethod.defaults()),
                    List.of("method.type")));
        } else if (c.method() instanceof LoraMethod l) {
            out.add(new Change("QLoRA (the base model in 4 bits)",
                    c.withMethod(QloraMethod.defaults().withLora(l)), List.of("method.type")));
        } else if (c.method() instanceof DpoMethod d && !d.trainsLora()) {
            out.add(new Change("DPO with a LoRA adapter instead of the full model",
                    c.withMethod(new DpoMethod(DpoMethod.LORA, d.r(), d.alpha(), d.dropout(), d.targetModules(),
                            d.useRslora(), d.initAdapter(), d.beta(), d.lossType(), d.labelSmoothing(),
                            d.maxPromptLength(), d.disableDropout(), d.rpoAlpha())),
                    List.of("method.adapter")));
        }
        return out;
    }

    /** The memory estimate of the run as it is, to say what a change saves; silent without one. */
    private static final class Estimates {
        private final ModelConfig model;
        private final int computeBytes;
        private final long now;

        Estimates(ModelConfig model, RunConfig config, int computeBytes) {
            this.model = model;
            this.computeBytes = computeBytes;
            this.now = total(config);
        }

        String saving(RunConfig changed) {
            long after = now < 0 ? -1 : total(changed);
            if (after < 0 || now - after < SMALLEST_SAVING) {
                return "";
            }
            return " (saves about " + MemoryEstimate.gb(now - after) + ")";
        }

        private long total(RunConfig c) {
            if (model == null) {
                return -1;
            }
            try {
                return MemoryEstimator.estimate(MemoryPlan.from(model, c, computeBytes)).totalBytes();
            } catch (RuntimeException noEstimate) {
                return -1; // an architecture or method the estimator does not cover
            }
        }
    }

    private static ModelConfig modelConfig(RunConfig config) {
        try {
            return config.model().path() == null ? null : ModelConfig.read(Path.of(config.model().path()));
        } catch (Exception unreadable) {
            return null; // the advice stands without numbers
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
