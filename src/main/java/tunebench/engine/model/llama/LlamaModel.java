package tunebench.engine.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tunebench.engine.model.AttentionMask;
import tunebench.engine.model.Casts;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.KvCache;
import tunebench.engine.model.Linear;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.RmsNorm;
import tunebench.engine.model.RotaryEmbedding;
import tunebench.engine.model.WeightSource;
import tunebench.engine.quant.Nf4Weight;

/**
 * The Llama family decoder (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM), read
 * beside transformers' {@code modeling_llama.py}: embed, N pre-norm blocks with grouped-query
 * rotary attention and a SiLU-gated MLP, final RMSNorm, lm_head (or the tied embedding).
 */
public final class LlamaModel implements CausalLm {

    private final ModelConfig config;
    private final NDManager manager;
    private final DataType computeType;
    private final NDArray embedTokens;
    private final List<LlamaDecoderLayer> layers;
    private final RmsNorm norm;
    private final Linear lmHead;
    private final RotaryEmbedding rotary;
    private final Map<String, NDArray> parameters;
    private final Map<String, Linear> linears;

    private LlamaModel(ModelConfig config, NDManager manager, DataType computeType,
            NDArray embedTokens, List<LlamaDecoderLayer> layers, RmsNorm norm, Linear lmHead,
            Map<String, NDArray> parameters, Map<String, Linear> linears) {
        this.config = config;
        this.manager = manager;
        this.computeType = computeType;
        this.embedTokens = embedTokens;
        this.layers = layers;
        this.norm = norm;
        this.lmHead = lmHead;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.linears = Collections.unmodifiableMap(linears);
        this.rotary = new RotaryEmbedding(config.headDim(), config.ropeTheta(),
                config.ropeScaling(), config.maxPositionEmbeddings());
    }

    /** Builds the model from a checkpoint's tensors; the model owns {@code manager}. */
    public static LlamaModel load(ModelConfig c, WeightSource w, NDManager manager,
            DataType computeType) throws IOException {
        Loader l = new Loader(c, w, computeType);
        NDArray embed = l.take("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
        List<LlamaDecoderLayer> layers = new ArrayList<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(l.layer(i));
        }
        RmsNorm norm = new RmsNorm("model.norm",
                l.take("model.norm.weight", c.hiddenSize()), c.rmsNormEps());
        // lm_head stays in full precision even in a quantized load, as bitsandbytes leaves it.
        Linear lmHead = c.tieWordEmbeddings() && !w.has("lm_head.weight")
                ? new Linear("lm_head", embed, null)
                : l.linear("lm_head", c.hiddenSize(), c.vocabSize(), false, false);
        return new LlamaModel(c, manager, computeType, embed, layers, norm, lmHead,
                l.parameters, l.linears);
    }

    @Override
    public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
            KvCache cache, boolean lastOnly) {
        return forward(inputIds, attentionMask, positionIds, cache, lastOnly, null);
    }

    @Override
    public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
            KvCache cache, boolean lastOnly, List<NDArray> hiddenStates) {
        NDManager m = inputIds.getManager();
        long batch = inputIds.getShape().get(0);
        long seq = inputIds.getShape().get(1);
        long past = cache == null ? 0 : cache.length();
        if (positionIds == null) {
            positionIds = positions(m, attentionMask, past, seq, batch);
        }
        NDArray mask = AttentionMask.causal(m, attentionMask, past, seq, config.slidingWindow());
        return run(inputIds, positionIds, mask, cache, lastOnly, hiddenStates);
    }

    @Override
    public NDArray forwardPacked(NDArray inputIds, NDArray positionIds, NDArray segmentIds) {
        return run(inputIds, positionIds, AttentionMask.packed(segmentIds), null, false, null);
    }

    @Override
    public void trainingBackward(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
            NDArray segmentIds, boolean checkpointLayers, Function<NDArray, NDArray> objective) {
        NDArray mask;
        if (segmentIds != null) {
            mask = AttentionMask.packed(segmentIds);
        } else {
            long batch = inputIds.getShape().get(0);
            long seq = inputIds.getShape().get(1);
            if (positionIds == null) {
                positionIds = positions(inputIds.getManager(), attentionMask, 0, seq, batch);
            }
            mask = AttentionMask.causal(inputIds.getManager(), attentionMask, 0, seq,
                    config.slidingWindow());
        }
        LlamaTrainingPass.run(this, inputIds, cosSin(positionIds), computeMask(mask),
                checkpointLayers, objective);
    }

    /** Embedding, the decoder layers and the head, given positions and the additive mask. */
    private NDArray run(NDArray inputIds, NDArray positionIds, NDArray mask, KvCache cache,
            boolean lastOnly, List<NDArray> hiddenStates) {
        NDArray hidden = embed(inputIds);
        mask = computeMask(mask);
        NDArray[] cosSin = cosSin(positionIds);
        addHidden(hiddenStates, hidden);
        for (LlamaDecoderLayer layer : layers) {
            hidden = scoped(layer, hidden, cosSin, mask, cache);
            addHidden(hiddenStates, hidden);
        }
        hidden = norm.forward(hidden);
        if (hiddenStates != null) {
            hiddenStates.set(hiddenStates.size() - 1, hidden); // as transformers: last is normed
        }
        if (lastOnly) {
            hidden = hidden.get(":, -1:, :"); // (batch, 1, hidden)
        }
        return Casts.to(lmHead.forward(hidden), DataType.FLOAT32); // (batch, seq, vocab)
    }

    /** input ids (batch, seq) -> (batch, seq, hidden) in the compute dtype. */
    NDArray embed(NDArray inputIds) {
        NDArray hidden = Embedding.embedding(inputIds, embedTokens, SparseFormat.DENSE)
                .singletonOrThrow(); // (batch, seq, hidden)
        return Casts.to(hidden, computeType);
    }

    /** The final norm and lm_head: (batch, seq, hidden) -> float32 logits (batch, seq, vocab). */
    NDArray head(NDArray hidden) {
        return Casts.to(lmHead.forward(norm.forward(hidden)), DataType.FLOAT32);
    }

    /** Whether the embedding table requires a gradient (full fine-tuning). */
    boolean embeddingTrains() {
        return embedTokens.hasGradient();
    }

    List<LlamaDecoderLayer> layers() {
        return layers;
    }

    /** Rotary tables for {@code positionIds}, each (batch, 1, seq, head_dim), in the compute dtype. */
    private NDArray[] cosSin(NDArray positionIds) {
        NDArray[] cosSin = rotary.cosSin(positionIds);
        return computeType == DataType.FLOAT32 ? cosSin : new NDArray[] {
            cosSin[0].toType(computeType, false), cosSin[1].toType(computeType, false)};
    }

    /**
     * The additive mask stays float32 whatever the compute type: attention adds it to the
     * upcast scores (its -FLT_MAX would be -inf in FP16, and a fully masked row NaN).
     */
    private NDArray computeMask(NDArray mask) {
        return mask == null || mask.getDataType() == DataType.FLOAT32 ? mask
                : mask.toType(DataType.FLOAT32, false);
    }

    /**
     * One layer in its own scope: its intermediates (about twenty arrays) are released as soon
     * as the layer is done rather than at the end of the caller's step, which keeps the working
     * set small. Autograd keeps what backward needs on the native side, so this is safe while
     * training too. The output moves to the enclosing scope.
     */
    static NDArray scoped(LlamaDecoderLayer layer, NDArray hidden, NDArray[] cosSin,
            NDArray mask, KvCache cache) {
        NDArray out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            out = layer.forward(hidden, cosSin, mask, cache);
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return out;
    }

    private static void addHidden(List<NDArray> out, NDArray h) {
        if (out != null) {
            out.add(h);
        }
    }

    /**
     * Positions count real tokens only, as transformers' generate does
     * (cumsum(mask) - 1), so a left-padded prompt sees the same positions as an unpadded one.
     */
    static NDArray positions(NDManager m, NDArray attentionMask, long past, long seq, long batch) {
        if (attentionMask == null) {
            return m.arange(past, past + seq, 1L, DataType.INT64).reshape(1, seq).repeat(0, batch);
        }
        NDArray mask = attentionMask.toType(DataType.INT64, false);
        NDArray pos = mask.cumSum(1).sub(1L).maximum(0L); // (batch, past + seq)
        long total = pos.getShape().get(1);
        return pos.get(":, " + (total - seq) + ":"); // (batch, seq)
    }

    @Override
    public KvCache newCache() {
        return new KvCache(manager, layers.size());
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Linear> linears() {
        return linears;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public DataType computeType() {
        return computeType;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Reads a layer's tensors by their Hugging Face names and records every parameter. */
    private static final class Loader {
        private final ModelConfig c;
        private final WeightSource w;
        final Map<String, NDArray> parameters = new LinkedHashMap<>();
        final Map<String, Linear> linears = new LinkedHashMap<>();

        private final DataType computeType;

        Loader(ModelConfig c, WeightSource w, DataType computeType) {
            this.c = c;
            this.w = w;
            this.computeType = computeType;
        }

        NDArray take(String name, long... shape) throws IOException {
            NDArray a = w.take(name, shape);
            parameters.put(name, a);
            return a;
        }

        /**
         * @param quantizable a decoder projection, which a quantized load stores as NF4 (its
         *     weight is then not among the dense {@code parameters}; the bias stays dense)
         */
        Linear linear(String path, long in, long out, boolean biasRequired, boolean quantizable)
                throws IOException {
            Nf4Weight nf4 = quantizable ? w.takeQuantized(path + ".weight", out, in) : null;
            NDArray weight = nf4 == null ? take(path + ".weight", out, in) : null;
            NDArray bias = biasRequired || w.has(path + ".bias") ? take(path + ".bias", out) : null;
            Linear linear = nf4 == null ? new Linear(path, weight, bias)
                    : new Linear(path, nf4, bias, computeType);
            linears.put(path, linear);
            return linear;
        }

        Linear projection(String path, long in, long out, boolean biasRequired) throws IOException {
            return linear(path, in, out, biasRequired, true);
        }

        LlamaDecoderLayer layer(int i) throws IOException {
            String p = "model.layers." + i + ".";
            long h = c.hiddenSize();
            long q = (long) c.numAttentionHeads() * c.headDim();
            long kv = (long) c.numKeyValueHeads() * c.headDim();
            boolean qkvBias = c.attentionBias();
            RmsNorm inputNorm = new RmsNorm(p + "input_layernorm",
                    take(p + "input_layernorm.weight", h), c.rmsNormEps());
            LlamaAttention attn = new LlamaAttention(i,
                    projection(p + "self_attn.q_proj", h, q, qkvBias),
                    projection(p + "self_attn.k_proj", h, kv, qkvBias),
                    projection(p + "self_attn.v_proj", h, kv, qkvBias),
                    projection(p + "self_attn.o_proj", q, h, false),
                    c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim());
            RmsNorm postNorm = new RmsNorm(p + "post_attention_layernorm",
                    take(p + "post_attention_layernorm.weight", h), c.rmsNormEps());
            LlamaMlp mlp = new LlamaMlp(
                    projection(p + "mlp.gate_proj", h, c.intermediateSize(), c.mlpBias()),
                    projection(p + "mlp.up_proj", h, c.intermediateSize(), c.mlpBias()),
                    projection(p + "mlp.down_proj", c.intermediateSize(), h, c.mlpBias()));
            return new LlamaDecoderLayer(inputNorm, attn, postNorm, mlp);
        }
    }
}
