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
 *       in 16 bits keeps a float32 master copy beside the 16-bit weights: 16 bytes a
 *       parameter in all, the ZeRO paper's count);
 *   <li>activations saved for backward: per layer and token 8·hidden + 4·intermediate values
 *       (norm inputs and outputs, rotated q, repeated k and v, attention output, the MLP's
 *       gate, up, SiLU and product) plus heads·seq attention probabilities (the eager path
 *       keeps the softmax), the adapters' inputs and ranks, float32 logits, their
 *       log-softmax and gradient, and one layer's worth again for backward's working set.
 *       Gradient checkpointing keeps only each layer's input and recomputes one layer at a
 *       time.
 * </ul>
 */
public final class MemoryEstimator {

    private static final int FLOAT32 = 4;
    private static final int NF4_BLOCK = 64;
    private static final int DOUBLE_QUANT_BLOCK = 256;

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
        // A float32 full run trains its weights in place; otherwise a float32 copy is kept.
        long trainable = plan.method() == Kind.FULL && cb == FLOAT32 ? 0 : trainableParams * FLOAT32;
        if (plan.method() == Kind.FULL && cb == FLOAT32) {
            notes.add("full float32: the weights are the trainable parameters (no extra copy)");
        }
        long gradients = trainableParams * FLOAT32;
        long optimizer = optimizerBytes(plan, trainableParams, linears, notes);
        long activations = activationBytes(plan, linears, notes);
        return new MemoryEstimate(weights, quant, trainable, gradients, optimizer, activations,
                trainableParams, total, notes);
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

    private static long optimizerBytes(MemoryPlan plan, long trainableParams,
            Map<String, long[]> linears, List<String> notes) {
        return switch (plan.optimizer()) {
            case SGD -> 0;
            case ADAMW -> trainableParams * 2 * FLOAT32;
            case PAGED_ADAMW -> {
                // Only the tensor being updated has its moments on the device.
                long largest = plan.method() == Kind.FULL
                        ? Math.max(plan.model().hiddenSize() * (long) plan.model().vocabSize(),
                                linears.values().stream().mapToLong(s -> s[0] * s[1]).max().orElse(0))
                        : linears.values().stream().mapToLong(s -> plan.loraR() * Math.max(s[0], s[1]))
                                .max().orElse(0);
                notes.add(String.format("paged AdamW: %s of moments in host memory",
                        MemoryEstimate.gb(trainableParams * 2 * FLOAT32)));
                yield largest * 2 * FLOAT32;
            }
        };
    }

    private static long activationBytes(MemoryPlan plan, Map<String, long[]> linears,
            List<String> notes) {
        ModelConfig c = plan.model();
        long tokens = (long) plan.batchSize() * plan.seqLen();
        long h = c.hiddenSize();
        long perLayerToken = 8 * h + 4L * c.intermediateSize()
                + (long) c.numAttentionHeads() * plan.seqLen();
        if (plan.method() != Kind.FULL) {
            for (String name : targets(plan, linears)) {
                long[] s = linears.get(name);
                perLayerToken += plan.loraR() + (plan.loraDropout() > 0 ? s[0] : 0);
            }
        }
        long layer = perLayerToken * tokens * plan.computeBytes();
        int layers = c.numHiddenLayers();
        long decoder = plan.gradientCheckpointing()
                ? layers * h * tokens * plan.computeBytes() + layer
                : (long) layers * layer;
        long backwardWork = layer;
        long logits = tokens * (2 * h * plan.computeBytes() + 3L * c.vocabSize() * FLOAT32);
        long dequantized = 0;
        if (plan.method() == Kind.QLORA) {
            // One layer's linears dequantized into the compute dtype at a time.
            dequantized = linears.values().stream().mapToLong(s -> s[0] * s[1]).sum()
                    * plan.computeBytes();
        }
        if (plan.gradientCheckpointing()) {
            notes.add("gradient checkpointing: " + layers + " layer inputs kept, one layer recomputed");
        }
        return decoder + backwardWork + logits + dequantized;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
