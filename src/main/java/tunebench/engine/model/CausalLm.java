package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tunebench.engine.quant.Nf4Footprint;
import tunebench.engine.quant.Nf4Weight;

/**
 * A decoder-only language model: token ids in, next-token logits out. One implementation per
 * architecture family (Llama-style now; GPT-2 style is one more class). All arrays a forward
 * pass creates belong to the manager of {@code inputIds}; callers wrap calls in an NDScope.
 */
public interface CausalLm extends AutoCloseable {

    ModelConfig config();

    /**
     * Runs the decoder.
     *
     * @param inputIds (batch, seq) int64 token ids
     * @param attentionMask (batch, past + seq) with 1 for real tokens and 0 for padding, or null
     * @param positionIds (batch, seq) int64, or null to derive them from the mask
     * @param cache keys and values of earlier tokens, extended in place; or null
     * @param lastOnly compute logits only for the last position (generation)
     * @return logits (batch, seq or 1, vocab) in float32
     */
    NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray positionIds, KvCache cache,
            boolean lastOnly);

    /** Like forward, also adding the hidden state after the embedding and after each layer. */
    NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray positionIds, KvCache cache,
            boolean lastOnly, List<NDArray> hiddenStates);

    /**
     * Training on packed rows: several sequences per row, separated by {@code segmentIds}
     * (1, 2, ... per sequence, 0 for padding), each with its own positions from 0.
     *
     * @return logits (batch, seq, vocab) in float32
     */
    NDArray forwardPacked(NDArray inputIds, NDArray positionIds, NDArray segmentIds);

    /**
     * One training forward and backward: the logits of a batch go through {@code objective} to
     * a scalar, whose gradient is accumulated into every parameter that requires one. Grad mode
     * is on inside and restored after; call it with the run's gradient collector open.
     *
     * <p>With {@code checkpointLayers} the decoder layers run without recording and keep only
     * their inputs; backward recomputes one layer at a time (gradient checkpointing, Chen et
     * al., https://arxiv.org/abs/1604.06174), which gives the same gradients for less
     * activation memory. Random ops (LoRA dropout) are re-seeded per layer from one draw of the
     * generator, so a recomputed layer sees the masks its first pass saw; with or without
     * checkpointing the same draws give the same masks.
     *
     * @param attentionMask (batch, seq) 1 for real tokens, 0 for padding, or null; ignored when
     *     {@code segmentIds} is given
     * @param positionIds (batch, seq), or null to derive them from the mask (unpacked rows only)
     * @param segmentIds packed rows' sequence numbers as {@link #forwardPacked}, or null
     * @param objective logits (batch, seq, vocab) float32 to the scalar to minimise; called once,
     *     with recording on; what it creates is freed after its backward
     */
    default void trainingBackward(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
            NDArray segmentIds, boolean checkpointLayers, Function<NDArray, NDArray> objective) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot train through trainingBackward; train it with forward and a collector");
    }

    /** A cache sized for this model; the caller closes it. */
    KvCache newCache();

    /**
     * Every dense weight by its Hugging Face name, in checkpoint order. In a quantized load the
     * NF4 linear weights are not here (there is no dense array to hand out): see
     * {@link #linears()} and {@link Linear#quantizedWeight()}.
     */
    Map<String, NDArray> parameters();

    /** All weights, dense and quantized (a tied embedding counts once). */
    default long parameterCount() {
        long n = 0;
        for (NDArray p : parameters().values()) {
            n += p.size();
        }
        return n + quantizedFootprint().parameters();
    }

    /** What the NF4 weights take, part by part; {@link Nf4Footprint#NONE} when dense. */
    default Nf4Footprint quantizedFootprint() {
        List<Nf4Weight> weights = new java.util.ArrayList<>();
        for (Linear linear : linears().values()) {
            if (linear.isQuantized()) {
                weights.add(linear.quantizedWeight());
            }
        }
        return weights.isEmpty() ? Nf4Footprint.NONE : Nf4Footprint.of(weights);
    }

    /** The linear layers adapters can wrap, by module path. */
    Map<String, Linear> linears();

    /** The manager that owns the weights. */
    NDManager manager();

    /** The dtype activations are computed in (float32 on the CPU). */
    DataType computeType();

    @Override
    void close();
}
