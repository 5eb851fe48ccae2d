package tunebench.engine.model.llama;

import ai.djl.ndarray.NDArray;
import tunebench.engine.model.KvCache;
import tunebench.engine.model.RmsNorm;

/** One pre-norm decoder block: h + attn(norm(h)), then h + mlp(norm(h)). */
final class LlamaDecoderLayer {

    final RmsNorm inputLayernorm;
    final LlamaAttention selfAttn;
    final RmsNorm postAttentionLayernorm;
    final LlamaMlp mlp;

    LlamaDecoderLayer(RmsNorm inputNorm, LlamaAttention attn, RmsNorm postNorm, LlamaMlp mlp) {
        this.inputLayernorm = inputNorm;
        this.selfAttn = attn;
        this.postAttentionLayernorm = postNorm;
        this.mlp = mlp;
    }

    /** hidden (batch, seq, hidden) -> (batch, seq, hidden). */
    NDArray forward(NDArray hidden, NDArray[] cosSin, NDArray mask, KvCache cache) {
        NDArray h = hidden.add(selfAttn.forward(inputLayernorm.forward(hidden), cosSin, mask, cache));
        return h.add(mlp.forward(postAttentionLayernorm.forward(h)));
    }
}
