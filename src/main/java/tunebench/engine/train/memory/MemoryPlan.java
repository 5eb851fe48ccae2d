package tunebench.engine.train.memory;

import java.util.List;
import java.util.Objects;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.RunConfig;

/**
 * What a memory estimate needs to know about a run: the model's shape (config.json alone is
 * enough) and the settings that move memory.
 *
 * @param method full, LoRA or QLoRA (DPO trains one of the first two)
 * @param loraR rank of the adapters (ignored for full)
 * @param targetModules layer names the adapters wrap (ignored for full)
 * @param loraDropout dropout on the adapter path: above 0 it keeps a copy of each input
 * @param batchSize sequences per micro-batch (gradient accumulation does not add memory)
 * @param seqLen tokens per sequence
 * @param computeBytes bytes per element of weights and activations: 4 (float32, the CPU path)
 *     or 2 (float16 / bfloat16 on a GPU)
 * @param gradientCheckpointing keep only each layer's input and recompute it in backward
 * @param optimizer AdamW keeps two moments per trainable parameter; paged keeps them in host
 *     memory and brings one tensor's worth to the device at a time
 * @param doubleQuant QLoRA: quantize the absmax constants again to 8 bits
 * @param reference DPO's frozen reference model, {@link Reference#NONE} for supervised runs;
 *     a DPO step also runs two rows (chosen and rejected) per pair of the micro-batch
 */
public record MemoryPlan(
        ModelConfig model,
        Kind method,
        int loraR,
        List<String> targetModules,
        double loraDropout,
        int batchSize,
        int seqLen,
        int computeBytes,
        boolean gradientCheckpointing,
        Optimizer optimizer,
        boolean doubleQuant,
        Reference reference) {

    public enum Kind { FULL, LORA, QLORA }

    /** What DPO's reference pass holds beside the policy (see {@code DpoReference}). */
    public enum Reference {
        /** Not a preference run. */
        NONE,
        /** The policy with its fresh adapter switched off: no weights of its own. */
        ADAPTER_OFF,
        /** A frozen copy of the starting SFT adapter beside the policy's (init_adapter). */
        ADAPTER_COPY,
        /** Full fine-tuning: a frozen second copy of the whole model. */
        MODEL_COPY
    }

    public enum Optimizer { ADAMW, PAGED_ADAMW, SGD }

    public MemoryPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(reference, "reference");
        targetModules = List.copyOf(targetModules);
        if (batchSize < 1 || seqLen < 1) {
            throw new IllegalArgumentException("batch size and sequence length must be at least 1");
        }
        if (computeBytes != 2 && computeBytes != 4) {
            throw new IllegalArgumentException("compute bytes must be 2 or 4, got " + computeBytes);
        }
    }

    /** A supervised run's plan: no reference model. */
    public MemoryPlan(ModelConfig model, Kind method, int loraR, List<String> targetModules,
            double loraDropout, int batchSize, int seqLen, int computeBytes,
            boolean gradientCheckpointing, Optimizer optimizer, boolean doubleQuant) {
        this(model, method, loraR, targetModules, loraDropout, batchSize, seqLen, computeBytes,
                gradientCheckpointing, optimizer, doubleQuant, Reference.NONE);
    }

    /** Sequences one forward pass holds: two per preference pair (chosen and rejected). */
    public int rows() {
        return reference == Reference.NONE ? batchSize : 2 * batchSize;
    }

    /**
     * The plan a run config describes: the method's kind and adapter settings, the
     * micro-batch ({@code schedule.batch_size}), the sequence ({@code data.max_length}, the
     * longest row a batch can hold), {@code model.gradient_checkpointing} and
     * {@code optim.paged}. The form and the CLI both call this, so they cannot disagree.
     *
     * @param computeBytes 4 for the CPU path (float32), 2 for float16 / bfloat16 on a GPU
     */
    public static MemoryPlan from(ModelConfig model, RunConfig run, int computeBytes) {
        Optimizer optimizer = run.optim().paged() ? Optimizer.PAGED_ADAMW : Optimizer.ADAMW;
        LoraMethod lora;
        Kind kind;
        boolean doubleQuant = false;
        Reference reference = Reference.NONE;
        if (run.method() instanceof DpoMethod d) {
            // LoRA's reference is the same network with the adapter off (or a copy of the
            // starting adapter); full fine-tuning's is a frozen second model
            kind = d.trainsLora() ? Kind.LORA : Kind.FULL;
            lora = d.trainsLora() ? d.lora() : LoraMethod.defaults();
            reference = !d.trainsLora() ? Reference.MODEL_COPY
                    : d.initAdapter() != null ? Reference.ADAPTER_COPY : Reference.ADAPTER_OFF;
        } else if (run.method() instanceof RewardMethod rw) {
            kind = Kind.LORA; // the value head is hidden_size floats: LoRA's estimate holds
            lora = rw.lora();
        } else if (run.method() instanceof QloraMethod q) {
            kind = Kind.QLORA;
            lora = q.lora();
            doubleQuant = q.doubleQuant();
        } else if (run.method() instanceof LoraMethod l) {
            kind = Kind.LORA;
            lora = l;
        } else if (run.method() instanceof FullMethod) {
            kind = Kind.FULL;
            lora = LoraMethod.defaults(); // unused by a full run; keeps the record complete
        } else {
            throw new IllegalArgumentException("no memory estimate for method " + run.method().type());
        }
        return new MemoryPlan(model, kind, lora.r(), lora.targetModules(), lora.dropout(),
                run.schedule().batchSize(), run.data().maxLength(), computeBytes,
                run.model().gradientCheckpointing(), optimizer, doubleQuant, reference);
    }
}
