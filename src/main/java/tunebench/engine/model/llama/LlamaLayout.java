package tunebench.engine.model.llama;

import java.util.LinkedHashMap;
import java.util.Map;
import tunebench.engine.model.ModelConfig;

/**
 * The tensors a Llama-family checkpoint holds, by Hugging Face name, with their shapes: what
 * {@code save_pretrained} writes for a given config. Used to initialise new models.
 */
public final class LlamaLayout {

    private LlamaLayout() {}

    public static Map<String, long[]> shapes(ModelConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long i = c.intermediateSize();
        s.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "model.layers." + l + ".";
            s.put(p + "input_layernorm.weight", new long[] {h});
            s.put(p + "self_attn.q_proj.weight", new long[] {q, h});
            s.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
            s.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
            if (c.attentionBias()) {
                s.put(p + "self_attn.q_proj.bias", new long[] {q});
                s.put(p + "self_attn.k_proj.bias", new long[] {kv});
                s.put(p + "self_attn.v_proj.bias", new long[] {kv});
            }
            s.put(p + "self_attn.o_proj.weight", new long[] {h, q});
            s.put(p + "post_attention_layernorm.weight", new long[] {h});
            s.put(p + "mlp.gate_proj.weight", new long[] {i, h});
            s.put(p + "mlp.up_proj.weight", new long[] {i, h});
            s.put(p + "mlp.down_proj.weight", new long[] {h, i});
        }
        s.put("model.norm.weight", new long[] {h});
        if (!c.tieWordEmbeddings()) {
            s.put("lm_head.weight", new long[] {c.vocabSize(), h});
        }
        return s;
    }

    /**
     * The weights a quantized load stores as NF4: every attention and MLP projection, as
     * bitsandbytes replaces each nn.Linear except the output head. Embeddings, norms, biases
     * and lm_head stay in full precision.
     */
    public static Map<String, long[]> quantizedShapes(ModelConfig c) {
        Map<String, long[]> q = new LinkedHashMap<>();
        shapes(c).forEach((name, shape) -> {
            if (name.startsWith("model.layers.") && name.endsWith("_proj.weight")) {
                q.put(name, shape);
            }
        });
        return q;
    }
}
