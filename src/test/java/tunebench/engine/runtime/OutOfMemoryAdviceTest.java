package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.runtime.OutOfMemoryAdvice.Found;
import tunebench.engine.runtime.OutOfMemoryAdvice.Kind;
import org.junit.jupiter.api.Test;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RunConfig;

class OutOfMemoryAdviceTest {

    private static final String CUDA_OOM = "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total"
            + " capacity of 23.65 GiB of which 1.12 GiB is free. Of the allocated memory 20.1 GiB is allocated by"
            + " PyTorch, and 1.2 GiB is reserved by PyTorch but unallocated.";
    private static final String CPU_OOM = "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't"
            + " allocate memory: you tried to allocate 4294967296 bytes. Error code 12 (Cannot allocate memory)";

    /** Batch 4 x accumulation 4, max length 1024, LoRA, no checkpointing, not paged. */
    private static RunConfig config() {
        RunConfig c = RunConfig.of("oom", "/nowhere/model", "train.json");
        return c.withSchedule(c.schedule().withBatchSize(4).withGradientAccumulation(4))
                .withData(c.data().withMaxLength(1024)).withMethod(LoraMethod.defaults())
                .withModel(c.model().withGradientCheckpointing(false));
    }

    @Test
    void recognisesCudaOutOfMemoryDeepInACauseChain() {
        Throwable chain = new RuntimeException("step failed", new IllegalStateException("wrapped",
                new EngineException(CUDA_OOM)));
        Found f = OutOfMemoryAdvice.find(chain).orElseThrow();
        assertEquals(Kind.GPU, f.kind());
        assertEquals("2.00 GiB", f.tried());
        assertTrue(f.cause() instanceof EngineException);
    }

    @Test
    void recognisesTheCpuAllocatorBadAllocAndJavaHeap() {
        Found cpu = OutOfMemoryAdvice.find(new EngineException(CPU_OOM)).orElseThrow();
        assertEquals(Kind.HOST, cpu.kind());
        assertEquals("4.00 GiB", cpu.tried());
        Found bad = OutOfMemoryAdvice.find(new RuntimeException("forward", new EngineException("std::bad_alloc")))
                .orElseThrow();
        assertEquals(Kind.HOST, bad.kind());
        assertNull(bad.tried());
        Found heap = OutOfMemoryAdvice.find(new UncheckedIOException(new IOException("read",
                new OutOfMemoryError("Java heap space")))).orElseThrow();
        assertEquals(Kind.JAVA_HEAP, heap.kind());
    }

    @Test
    void otherFailuresAreNotOutOfMemory() {
        assertTrue(OutOfMemoryAdvice.find(new EngineException("shape mismatch: cannot allocate view [2, 3]"))
                .isEmpty());
        assertTrue(OutOfMemoryAdvice.find(new IOException("disk full")).isEmpty());
        assertTrue(OutOfMemoryAdvice.explain(new EngineException("expected scalar type Float"), config(), 3)
                .isEmpty());
    }

    @Test
    void gpuAdviceNamesTheStepTheSizeAndEveryLeverNotYetPulled() {
        String advice = OutOfMemoryAdvice.explain(new EngineException(CUDA_OOM), config(), 12).orElseThrow();
        assertTrue(advice.startsWith("The GPU ran out of memory at step 12 (tried to allocate 2.00 GiB). Try: "),
                advice);
        assertTrue(advice.contains("batch size 4 -> 2 (keep the effective batch of 16 with gradient"
                + " accumulation 4 -> 8)"), advice);
        assertTrue(advice.contains("max length 1024 -> 512"), advice);
        assertTrue(advice.contains("turn on gradient checkpointing"), advice);
        assertTrue(advice.contains("paged optimizer"), advice);
        assertTrue(advice.contains("QLoRA"), advice);
        assertTrue(advice.contains("schedule.batch_size") && advice.contains("model.gradient_checkpointing"), advice);
    }

    @Test
    void adviceLeavesOutWhatIsAlreadyOn() {
        RunConfig c = config();
        c = c.withSchedule(c.schedule().withBatchSize(1)).withData(c.data().withMaxLength(128))
                .withModel(c.model().withGradientCheckpointing(true))
                .withMethod(QloraMethod.defaults());
        String advice = OutOfMemoryAdvice.explain(new EngineException(CPU_OOM), c, 0).orElseThrow();
        assertTrue(advice.startsWith("The computer ran out of memory while loading the model and data"), advice);
        assertFalse(advice.contains("checkpointing"), advice);
        assertFalse(advice.contains("batch size"), advice);
        assertFalse(advice.contains("max length"), advice);
        assertFalse(advice.contains("QLoRA"), advice);
        assertFalse(advice.contains("paged"), advice); // host memory: paging would not help
        assertTrue(advice.contains("already on"), advice);
    }

    @Test
    void oddBatchGoesToOneAndFullFineTuningIsToldAboutLora() {
        RunConfig c = config();
        c = c.withSchedule(c.schedule().withBatchSize(3).withGradientAccumulation(2)).withMethod(new FullMethod());
        String advice = OutOfMemoryAdvice.explain(new EngineException(CUDA_OOM), c, 1).orElseThrow();
        assertTrue(advice.contains("batch size 3 -> 1 (keep the effective batch of 6 with gradient accumulation 2 -> 6)"),
                advice);
        assertTrue(advice.contains("LoRA instead of full fine-tuning"), advice);
    }

    @Test
    void savingsComeFromTheMemoryEstimate() throws Exception {
        ModelConfig llama7b = ModelConfig.fromJson(new ObjectMapper().readTree("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
                 "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32,
                 "num_key_value_heads": 32, "vocab_size": 32000, "max_position_embeddings": 4096,
                 "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "tie_word_embeddings": false}"""));
        Found f = OutOfMemoryAdvice.find(new EngineException(CUDA_OOM)).orElseThrow();
        String advice = OutOfMemoryAdvice.advise(f, config(), 5, llama7b);
        assertTrue(advice.matches(".*turn on gradient checkpointing \\(saves about [\\d.]+ GB\\).*"), advice);
        assertTrue(advice.matches(".*max length 1024 -> 512 \\(longer examples are cut\\) \\(saves about [\\d.]+ GB\\).*"),
                advice);
        String without = OutOfMemoryAdvice.advise(f, config(), 5, null);
        assertFalse(without.contains("saves about"), without);
    }

    @Test
    void javaHeapAdviceMentionsXmx() {
        String advice = OutOfMemoryAdvice.explain(new OutOfMemoryError("Java heap space"), config(), 2).orElseThrow();
        assertTrue(advice.startsWith("Java ran out of memory at step 2. Start Tunebench with a larger -Xmx"), advice);
        assertTrue(advice.contains("batch size 4 -> 2"), advice);
    }
}
