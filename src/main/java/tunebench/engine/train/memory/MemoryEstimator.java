package tunebench.engine.train.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.memory.MemoryPlan.Kind;

/**
 * Peak device memory of a training step, from the model's shape and the run settings,
 * counted the way this engine (and PyTorch eager) holds tensors:
 * <ul>
 *   <li>weights in the compute dtype; QLoRA keeps the decoder linears as 4-bit codes
 *       (0.5 byte per parameter) and the rest (embeddings, norms, head) in the compute dtype;
 *   <li>NF4 constants: a float32 absmax per 64 weights, or with double quantization one byte
 *       per 64 weights plus a float32 per 256 blocks (Dettmers et al., QLoRA §3);
 *   <li>trainable parameters, their gradients and AdamW's two moments in float32 (a full run
 *       in 16 bits keeps a float32 master copy and its float32 gradient beside the 16-bit
 *       weights and their 16-bit gradients, which backward fills: 20 bytes a parameter in all,
 *       the ZeRO paper's 16 plus the masters' float32 gradient, through which AdamW reads them);
 *   <li>the optimizer step's temporaries, which replace the activations at the peak when
 *       they are larger (full fine-tuning);
 *   <li>activations: what autograd saves per decoder layer, counted op by op as this engine
 *       runs them (see {@code savedPerLayerToken}), one layer's worth again for backward's
 *       working set, and the loss head (logits, their float32 log-softmax and three
 *       vocabulary-sized gradients in backward). Gradient checkpointing keeps only each
 *       layer's input and recomputes one layer at a time. QLoRA adds the dequantized weights
 *       autograd holds for backward: every layer's without checkpointing, one with.
 * </ul>
 */
public final class MemoryEstimator {

    private static final int FLOAT32 = 4;
    private static final int NF4_BLOCK = 64;
    private static final int DOUBLE_QUANT_BLOCK = 256;
    /** Arrays AdamW's update creates for the tensor it is updating. */
    private static final int UPDATE_TEMPORARIES = 4;

    private MemoryEstimator() {}

    public static MemoryEstimate estimate(MemoryPlan plan) {
        ModelConfig c = plan.model();
        Map<String, long[]> linears = linearShapes(c); // name -> {in, out, count over layers}
        long linearParams = linears.values().stream().mapToLong(s -> s[0] * s[1] * s[2]).sum();
        long total = c.parameterCount();
        long other = total - linearParams;
        List<String> notes = new ArrayList<>();
        int cb = plan.computeBytes();

        long weights;
        long quant = 0;
        if (plan.method() == Kind.QLORA) {
            weights = linearParams / 2 + other * cb;
            long blocks = ceilDiv(linearParams, NF4_BLOCK);
            quant = plan.doubleQuant()
                    ? blocks + ceilDiv(blocks, DOUBLE_QUANT_BLOCK) * FLOAT32 + FLOAT32
                    : blocks * FLOAT32;
            notes.add(String.format("NF4: codes 0.500 B/param, constants %.4f B/param on %,d"
                    + " linear parameters", (double) quant / linearParams, linearParams));
        } else {
            weights = total * cb;
        }

        long trainableParams = plan.method() == Kind.FULL ? total : loraParams(plan, linears);
        weights += referenceBytes(plan, total, loraParams(plan, linears), notes);
        // A float32 full run trains its weights in place; otherwise a float32 copy is kept.
        long trainable = plan.method() == Kind.FULL && cb == FLOAT32 ? 0 : trainableParams * FLOAT32;
        if (plan.method() == Kind.FULL && cb == FLOAT32) {
            notes.add("full float32: the weights are the trainable parameters (no extra copy)");
        }
        long gradients = trainableParams * FLOAT32;
        if (plan.method() == Kind.FULL && cb != FLOAT32) {
            gradients += total * cb; // backward's 16-bit gradients, zeroed but kept
            notes.add("full 16-bit: float32 master weights and gradients beside the 16-bit ones");
        }
        long optimizer = optimizerBytes(plan, trainableParams, linears, notes);
        long activations = activationBytes(plan, linears, notes);
        // The update runs after backward has freed the activations. AdamW.step makes four
        // float32 temporaries (grad·(1-β1), grad², √v, m/denom) for one tensor at a time, in
        // its own scope; when they outweigh the activations the peak is in the update.
        long update = UPDATE_TEMPORARIES * largestTrainableTensor(plan, linears) * FLOAT32;
        if (plan.optimizer() != MemoryPlan.Optimizer.SGD && update > activations) {
            optimizer += update - activations;
            notes.add(String.format("the peak is in the optimizer step: AdamW's temporaries (%s)"
                    + " outweigh the activations, which backward has freed by then",
                    MemoryEstimate.gb(update)));
        }
        return new MemoryEstimate(weights, quant, trainable, gradients, optimizer, activations,
                trainableParams, total, notes);
    }

    /**
     * DPO's reference model. Its log-probs are computed with grad off, so it saves nothing for
     * backward; what it adds is weights: none when it is the policy with the adapter switched
     * off, the starting adapter's float32 copy, or for a full run a frozen model in the compute
     * dtype.
     */
    private static long referenceBytes(MemoryPlan plan, long total, long adapterParams,
            List<String> notes) {
        if (plan.reference() == MemoryPlan.Reference.NONE) {
            return 0;
        }
        long bytes = switch (plan.reference()) {
            case ADAPTER_COPY -> adapterParams * FLOAT32;
            case MODEL_COPY -> total * plan.computeBytes();
            default -> 0;
        };
        notes.add(switch (plan.reference()) {
            case ADAPTER_COPY -> "DPO reference: a frozen copy of the starting adapter ("
                    + MemoryEstimate.gb(bytes) + "); the base is shared";
            case MODEL_COPY -> "DPO reference: a frozen copy of the whole model ("
                    + MemoryEstimate.gb(bytes) + ")";
            default -> "DPO reference: the base with the adapter switched off, no extra weights";
        });
        notes.add("DPO: chosen and rejected rows, " + plan.rows() + " sequences per micro-batch");
        return bytes;
    }

    /** Each decoder linear: in features, out features, how many (one per layer). */
    static Map<String, long[]> linearShapes(ModelConfig c) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long i = c.intermediateSize();
        long n = c.numHiddenLayers();
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put("q_proj", new long[] {h, q, n});
        out.put("k_proj", new long[] {h, kv, n});
        out.put("v_proj", new long[] {h, kv, n});
        out.put("o_proj", new long[] {q, h, n});
        out.put("gate_proj", new long[] {h, i, n});
        out.put("up_proj", new long[] {h, i, n});
        out.put("down_proj", new long[] {i, h, n});
        return out;
    }

    static long loraParams(MemoryPlan plan, Map<String, long[]> linears) {
        long sum = 0;
        for (String name : targets(plan, linears)) {
            long[] s = linears.get(name);
            sum += (long) plan.loraR() * (s[0] + s[1]) * s[2];
        }
        return sum;
    }

    private static List<String> targets(MemoryPlan plan, Map<String, long[]> linears) {
        if (plan.targetModules().contains("all-linear")) {
            return List.copyOf(linears.keySet());
        }
        return plan.targetModules().stream().filter(linears::containsKey).toList();
    }

    /** Elements of the biggest tensor the optimizer updates: the embedding, or an adapter's A or B. */
    static long largestTrainableTensor(MemoryPlan plan, Map<String, long[]> linears) {
        return plan.method() == Kind.FULL
                ? Math.max(plan.model().hiddenSize() * (long) plan.model().vocabSize(),
                        linears.values().stream().mapToLong(s -> s[0] * s[1]).max().orElse(0))
                : linears.values().stream().mapToLong(s -> plan.loraR() * Math.max(s[0], s[1]))
                        .max().orElse(0);
    }

    private static long optimizerBytes(MemoryPlan plan, long trainableParams,
            Map<String, long[]> linears, List<String> notes) {
        return switch (plan.optimizer()) {
            case SGD -> 0;
            case ADAMW -> trainableParams * 2 * FLOAT32;
            case PAGED_ADAMW -> {
                // Only the tensor being updated has its moments on the device.
                long largest = largestTrainableTensor(plan, linears);
                notes.add(String.format("paged AdamW: %s of moments in host memory",
                        MemoryEstimate.gb(trainableParams * 2 * FLOAT32)));
                yield largest * 2 * FLOAT32;
            }
        };
    }

    /**
     * What autograd keeps for backward, counted per token as this engine's ops save it (each
     * decoder layer runs in its own scope, so only saved tensors outlive it), plus backward's
     * working set and the loss head.
     */
    private static long activationBytes(MemoryPlan plan, Map<String, long[]> linears,
            List<String> notes) {
        ModelConfig c = plan.model();
        long tokens = (long) plan.rows() * plan.seqLen();
        int cb = plan.computeBytes();
        long layer = savedPerLayerToken(plan, linears) * tokens;
        int layers = c.numHiddenLayers();
        long h = c.hiddenSize();
        // Checkpointing keeps each layer's input and rebuilds one layer's saved set at a time.
        long decoder = plan.gradientCheckpointing() ? layers * h * tokens * cb + layer
                : layers * layer;
        long backwardWork = layer;
        // The loss head: logits in the compute dtype, then in float32 their float32 copy (the
        // same array when computing in float32), the log-softmax, and in backward the
        // gradients of the log-probs, of the shifted logits and of the full logits.
        long vocab = tokens * c.vocabSize();
        long head = vocab * ((cb == FLOAT32 ? 0 : cb) + 5L * FLOAT32);
        long dequantized = 0;
        if (plan.method() == Kind.QLORA) {
            // Linear(x, W) saves the dequantized W for backward's dL/dx: without checkpointing
            // every layer's stays until backward reaches it (bitsandbytes re-dequantizes in
            // backward instead); with it, one layer's. Measured by the NF4 work (BENCHMARKS.md).
            long perLayer = linears.values().stream().mapToLong(s -> s[0] * s[1]).sum() * cb;
            dequantized = plan.gradientCheckpointing() ? perLayer : layers * perLayer;
            notes.add(String.format("QLoRA: %s of weights dequantized for backward (%s)",
                    MemoryEstimate.gb(dequantized), plan.gradientCheckpointing()
                            ? "one layer at a time with checkpointing" : "every layer's, as"
                            + " autograd keeps them; checkpointing keeps one"));
        }
        if (plan.gradientCheckpointing()) {
            notes.add("gradient checkpointing: " + layers + " layer inputs kept, one layer recomputed");
        }
        return decoder + backwardWork + head + dequantized;
    }

    /**
     * Bytes autograd saves per token in one decoder layer. Always: the layer's input and the
     * residual after attention (kept by the RMSNorms), rotated q and the repeated k and v
     * (kept by the attention matmuls), the attention probabilities (heads x seq; the softmax
     * runs in float32), and the MLP's gate, its sigmoid, the SiLU and up. A full run also
     * keeps what frozen layers need not: each linear's and norm weight's input. LoRA keeps
     * each adapter's input (a dropout copy per target when dropout is on, with a byte-mask)
     * and its rank-r middle.
     */
    private static long savedPerLayerToken(MemoryPlan plan, Map<String, long[]> linears) {
        ModelConfig c = plan.model();
        int cb = plan.computeBytes();
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long i = c.intermediateSize();
        long probs = (long) c.numAttentionHeads() * plan.seqLen() * (FLOAT32 + (cb == FLOAT32 ? 0 : cb));
        long elements = 2 * h + 3 * q + 4 * i;
        if (plan.method() == Kind.FULL) {
            elements += 4 * h + q + i; // q/k/v, o, gate/up and down inputs; both norms' normed
            return elements * cb + probs;
        }
        long extra = 0;
        long masks = 0;
        List<String> targets = targets(plan, linears);
        for (String name : targets) {
            long[] s = linears.get(name);
            extra += plan.loraR();
            if (plan.loraDropout() > 0) {
                extra += s[0];
                masks += s[0];
            }
        }
        if (plan.loraDropout() == 0) {
            // Without dropout the adapters share their layer's input: one copy per input.
            extra += targets.stream().anyMatch(List.of("q_proj", "k_proj", "v_proj")::contains) ? h : 0;
            extra += targets.contains("o_proj") ? q : 0;
            extra += targets.stream().anyMatch(List.of("gate_proj", "up_proj")::contains) ? h : 0;
            extra += targets.contains("down_proj") ? i : 0;
        }
        return (elements + extra) * cb + masks + probs;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
