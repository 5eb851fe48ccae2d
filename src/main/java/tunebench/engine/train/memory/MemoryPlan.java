package tunebench.engine.train.memory;

import java.util.List;
import java.util.Objects;
import tunebench.engine.model.ModelConfig;

/**
 * What a memory estimate needs to know about a run: the model's shape (config.json alone is
 * enough) and the settings that move memory.
 *
 * @param method full, LoRA or QLoRA
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
        boolean doubleQuant) {

    public enum Kind { FULL, LORA, QLORA }

    public enum Optimizer { ADAMW, PAGED_ADAMW, SGD }

    public MemoryPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(optimizer, "optimizer");
        targetModules = List.copyOf(targetModules);
        if (batchSize < 1 || seqLen < 1) {
            throw new IllegalArgumentException("batch size and sequence length must be at least 1");
        }
        if (computeBytes != 2 && computeBytes != 4) {
            throw new IllegalArgumentException("compute bytes must be 2 or 4, got " + computeBytes);
        }
    }
}
