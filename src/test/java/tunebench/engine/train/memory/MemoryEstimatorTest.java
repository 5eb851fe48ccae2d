package tunebench.engine.train.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.memory.MemoryPlan.Kind;
import tunebench.engine.train.memory.MemoryPlan.Optimizer;

/** The published orders of magnitude (QLoRA paper, Hugging Face's PEFT and TRL guides). */
class MemoryEstimatorTest {

    private static final long GB = 1_000_000_000L;
    private static final List<String> ALL = List.of("all-linear");

    /** meta-llama/Llama-2-7b-hf's config.json, the parts that matter. */
    static ModelConfig llama7b() throws Exception {
        return config("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                 "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
                 "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
                 "max_position_embeddings": 4096, "rms_norm_eps": 1e-5, "torch_dtype": "float16"}""");
    }

    /** meta-llama/Meta-Llama-3-70B's config.json. */
    static ModelConfig llama70b() throws Exception {
        return config("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                 "vocab_size": 128256, "hidden_size": 8192, "intermediate_size": 28672,
                 "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8,
                 "max_position_embeddings": 8192, "rms_norm_eps": 1e-5, "rope_theta": 500000.0,
                 "torch_dtype": "bfloat16"}""");
    }

    private static ModelConfig config(String json) throws Exception {
        return ModelConfig.fromJson(new ObjectMapper().readTree(json));
    }

    private static MemoryPlan plan(ModelConfig c, Kind kind, int seq, boolean checkpointing) {
        return new MemoryPlan(c, kind, 16, ALL, 0.05, 1, seq, 2, checkpointing,
                Optimizer.ADAMW, true);
    }

    @Test
    void parameterCountsMatchThePublishedSizes() throws Exception {
        assertEquals(6_738_415_616L, llama7b().parameterCount());
        assertEquals(70_553_706_496L, llama70b().parameterCount());
    }

    @Test
    void fullFineTuningOf70bNeedsWellOver140Gb() throws Exception {
        MemoryEstimate e = MemoryEstimator.estimate(plan(llama70b(), Kind.FULL, 512, true));
        // 16 bytes a parameter before activations: about 1.1 TB.
        assertTrue(e.totalBytes() > 1_000 * GB, MemoryEstimate.gb(e.totalBytes()));
    }

    @Test
    void loraOn70bHoldsAbout140GbOf16BitWeights() throws Exception {
        MemoryEstimate e = MemoryEstimator.estimate(plan(llama70b(), Kind.LORA, 512, true));
        assertEquals(141.1, e.weights() / 1e9, 0.1);
        assertTrue(e.totalBytes() < 160 * GB, MemoryEstimate.gb(e.totalBytes()));
    }

    @Test
    void qloraOn70bNeedsAbout35To48Gb() throws Exception {
        MemoryEstimate e = MemoryEstimator.estimate(plan(llama70b(), Kind.QLORA, 512, true));
        double total = e.totalBytes() / 1e9;
        assertTrue(total > 35 && total < 48, MemoryEstimate.gb(e.totalBytes()));
    }

    @Test
    void qlora7bFitsOn24GbAtSequence2048WithCheckpointing() throws Exception {
        MemoryEstimate e = MemoryEstimator.estimate(plan(llama7b(), Kind.QLORA, 2048, true));
        assertTrue(e.fits(24 * GB), e.verdict(24 * GB));
        assertTrue(e.verdict(24 * GB).startsWith("fits on 24 GB with "), e.verdict(24 * GB));
        // Without checkpointing the attention probabilities (float32 softmax and its 16-bit
        // copy) take 26 GB, and autograd holds 13 GB of dequantized weights.
        MemoryEstimate eager = MemoryEstimator.estimate(plan(llama7b(), Kind.QLORA, 2048, false));
        assertFalse(eager.fits(24 * GB), eager.verdict(24 * GB));
    }

    @Test
    void qloraHoldsEveryLayersDequantizedWeightsUnlessCheckpointing() throws Exception {
        ModelConfig c = llama7b();
        long perLayer = MemoryEstimator.linearShapes(c).values().stream()
                .mapToLong(s -> s[0] * s[1]).sum() * 2;
        for (boolean checkpointing : new boolean[] {false, true}) {
            long lora = MemoryEstimator.estimate(plan(c, Kind.LORA, 512, checkpointing)).activations();
            long qlora = MemoryEstimator.estimate(plan(c, Kind.QLORA, 512, checkpointing)).activations();
            // The same saved activations; QLoRA adds the float16 weights autograd keeps.
            assertEquals(checkpointing ? perLayer : 32 * perLayer, qlora - lora);
        }
    }

    @Test
    void activationsGrowWithBatchSequenceAndRankAndShrinkWithCheckpointing() throws Exception {
        ModelConfig c = llama7b();
        long base = MemoryEstimator.estimate(plan(c, Kind.LORA, 512, false)).activations();
        long longer = MemoryEstimator.estimate(plan(c, Kind.LORA, 1024, false)).activations();
        // Linear in tokens, plus the attention probabilities' seq² term.
        assertTrue(longer > 2 * base, longer + " vs " + base);
        MemoryPlan batch2 = new MemoryPlan(c, Kind.LORA, 16, ALL, 0.05, 2, 512, 2, false,
                Optimizer.ADAMW, false);
        assertEquals(2 * base, MemoryEstimator.estimate(batch2).activations());
        MemoryPlan r64 = new MemoryPlan(c, Kind.LORA, 64, ALL, 0.05, 1, 512, 2, false,
                Optimizer.ADAMW, false);
        assertTrue(MemoryEstimator.estimate(r64).activations() > base);
        long ckpt = MemoryEstimator.estimate(plan(c, Kind.LORA, 512, true)).activations();
        assertTrue(ckpt * 3 < base, ckpt + " vs " + base);
    }

    @Test
    void fullFineTuningPeaksInTheUpdateOfTheEmbeddingWhenThatOutweighsTheActivations() throws Exception {
        ModelConfig c = llama7b();
        long p = c.parameterCount();
        MemoryEstimate e = MemoryEstimator.estimate(new MemoryPlan(c, Kind.FULL, 8, ALL, 0, 1, 16,
                4, false, Optimizer.ADAMW, false));
        // float32 weights, gradients, two moments, and AdamW's four float32 temporaries for
        // the largest tensor it updates, the 32000 x 4096 embedding (one tensor at a time).
        assertEquals(4 * p + 4 * p + 8 * p + 4 * (32_000L * 4096) * 4, e.totalBytes());
        assertTrue(e.notes().stream().anyMatch(n -> n.startsWith("the peak is in the optimizer step")));
        MemoryEstimate lora = MemoryEstimator.estimate(plan(c, Kind.LORA, 512, false));
        assertEquals(lora.trainableParameters() * 8, lora.optimizer(), "LoRA peaks in backward");
    }

    @Test
    void planFromARunConfigReadsEverySettingThatMovesMemory() throws Exception {
        var run = tunebench.engine.train.config.RunConfigJson.read(java.nio.file.Path.of(
                "sample-data/runs/qlora.json"));
        MemoryPlan p = MemoryPlan.from(llama7b(), run, 4);
        assertEquals(Kind.QLORA, p.method());
        assertEquals(16, p.loraR());
        assertEquals(0.05, p.loraDropout());
        assertEquals(16, p.batchSize());
        assertEquals(128, p.seqLen());
        assertTrue(p.doubleQuant());
        assertFalse(p.gradientCheckpointing());
        assertEquals(Optimizer.ADAMW, p.optimizer());
        var changed = run.withModel(run.model().withGradientCheckpointing(true))
                .withOptim(run.optim().withPaged(true));
        MemoryPlan q = MemoryPlan.from(llama7b(), changed, 2);
        assertTrue(q.gradientCheckpointing());
        assertEquals(Optimizer.PAGED_ADAMW, q.optimizer());
    }

    @Test
    void doubleQuantizationTakesAtMost052BytesPerLinearParameter() throws Exception {
        MemoryPlan p = plan(llama7b(), Kind.QLORA, 512, true);
        MemoryEstimate e = MemoryEstimator.estimate(p);
        long linear = MemoryEstimator.linearShapes(p.model()).values().stream()
                .mapToLong(s -> s[0] * s[1] * s[2]).sum();
        double perParam = (linear / 2.0 + e.quantConstants()) / linear;
        assertTrue(perParam <= 0.52 && perParam > 0.5, "bytes per parameter " + perParam);
        MemoryPlan single = new MemoryPlan(p.model(), Kind.QLORA, 16, ALL, 0.05, 1, 512, 2, true,
                Optimizer.ADAMW, false);
        assertEquals(linear / 64 * 4, MemoryEstimator.estimate(single).quantConstants());
    }

    @Test
    void loraCountsAdapterParametersOnTheChosenTargets() throws Exception {
        ModelConfig c = llama7b();
        MemoryPlan qv = new MemoryPlan(c, Kind.LORA, 8, List.of("q_proj", "v_proj"), 0, 1, 512, 2,
                false, Optimizer.ADAMW, false);
        // PEFT prints 4,194,304 trainable parameters for r=8 on q_proj,v_proj of Llama-2-7B.
        MemoryEstimate e = MemoryEstimator.estimate(qv);
        assertEquals(4_194_304L, e.trainableParameters());
        assertEquals(4_194_304L * 4, e.gradients());
        assertEquals(4_194_304L * 8, e.optimizer());
    }

    @Test
    void pagedOptimizerKeepsOneTensorOfMomentsOnTheDevice() throws Exception {
        MemoryPlan p = plan(llama7b(), Kind.LORA, 512, true);
        MemoryPlan paged = new MemoryPlan(p.model(), Kind.LORA, 16, ALL, 0.05, 1, 512, 2, true,
                Optimizer.PAGED_ADAMW, false);
        long plain = MemoryEstimator.estimate(p).optimizer();
        long onDevice = MemoryEstimator.estimate(paged).optimizer();
        assertTrue(onDevice * 100 < plain, onDevice + " vs " + plain);
    }

    @Test
    void dpoReferenceAddsNoWeightsWithLoraButAFrozenModelWhenFull() throws Exception {
        var run = tunebench.engine.train.config.RunConfigJson.read(java.nio.file.Path.of(
                "sample-data/runs/dpo.json"));
        var dpo = (tunebench.engine.train.config.DpoMethod) run.method();
        var fresh = run.withMethod(dpo.withInitAdapter(null));
        MemoryPlan lora = MemoryPlan.from(llama7b(), fresh, 2);
        assertEquals(Kind.LORA, lora.method());
        assertEquals(MemoryPlan.Reference.ADAPTER_OFF, lora.reference());
        assertEquals(2 * run.schedule().batchSize(), lora.rows());
        MemoryEstimate withDpo = MemoryEstimator.estimate(lora);
        MemoryEstimate sft = MemoryEstimator.estimate(new MemoryPlan(lora.model(), Kind.LORA,
                lora.loraR(), lora.targetModules(), lora.loraDropout(), lora.batchSize(),
                lora.seqLen(), 2, false, Optimizer.ADAMW, false));
        assertEquals(sft.weights(), withDpo.weights(), "the adapter switch holds no weights");
        assertTrue(withDpo.activations() > sft.activations(), "chosen and rejected rows");
        assertTrue(withDpo.notes().stream().anyMatch(n -> n.contains("no extra weights")));

        MemoryPlan copy = MemoryPlan.from(llama7b(), run, 2); // continues runs/sft-lora/adapter
        assertEquals(MemoryPlan.Reference.ADAPTER_COPY, copy.reference());
        assertEquals(withDpo.trainableParameters() * 4,
                MemoryEstimator.estimate(copy).weights() - withDpo.weights());

        var fullRun = tunebench.engine.train.config.RunConfigJson.applyOverrides(fresh,
                List.of("method.adapter=full"));
        MemoryPlan full = MemoryPlan.from(llama7b(), fullRun, 2);
        assertEquals(Kind.FULL, full.method());
        MemoryEstimate e = MemoryEstimator.estimate(full);
        long params = llama7b().parameterCount();
        assertEquals(2 * params * 2, e.weights(), "the policy and its frozen reference, 16-bit");
        assertTrue(e.notes().stream().anyMatch(n -> n.startsWith("DPO reference: a frozen copy of the whole model")));
    }
}
