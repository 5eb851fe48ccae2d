package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.testing.Fixtures;

/** The SFT loss and LoRA gradients against transformers + PEFT (tiny-llama/sft.json). */
class SftFixtureTest {

    private LoadedModel loaded;
    private JsonNode sft;

    @BeforeEach
    void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
        sft = Fixtures.json(Fixtures.tinyLlama().resolve("sft.json"));
    }

    @AfterEach
    void close() {
        loaded.close();
    }

    private static long[][] matrix(JsonNode n) {
        long[][] out = new long[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(n.get(i));
        }
        return out;
    }

    private double loss(NDManager m) {
        long[][] labels = matrix(sft.get("labels"));
        NDArray logits = loaded.model().forward(m.create(matrix(sft.get("input_ids"))),
                m.create(matrix(sft.get("attention_mask"))), null, null, false);
        return CausalLmLoss.sum(logits, m.create(labels)).getFloat() / CausalLmLoss.countedTokens(labels);
    }

    @Test
    void baseLossMatchesTransformers() {
        try (NDManager m = loaded.model().manager().newSubManager()) {
            assertEquals(sft.get("loss_base").asDouble(), loss(m), 1e-5);
        }
    }

    @Test
    void loraLossAndGradientsMatchPeft() throws Exception {
        LoraAdapter adapter = PeftAdapterReader.read(loaded.model(), "default",
                Fixtures.tinyLlama().resolve("adapter"));
        adapter.activate(true); // lora_dropout is 0: training mode changes nothing else
        Map<String, NDArray> params = adapter.parametersByModuleName();
        params.values().forEach(p -> p.setRequiresGradient(true));
        long[][] labels = matrix(sft.get("labels"));
        try (NDManager m = loaded.model().manager().newSubManager();
                SafetensorsReader want = SafetensorsReader.open(
                        Fixtures.tinyLlama().resolve("sft_lora_grads.safetensors"))) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = loaded.model().forward(m.create(matrix(sft.get("input_ids"))),
                        m.create(matrix(sft.get("attention_mask"))), null, null, false);
                NDArray loss = CausalLmLoss.sum(logits, m.create(labels))
                        .div((float) CausalLmLoss.countedTokens(labels));
                assertEquals(sft.get("loss_with_adapter").asDouble(), loss.getFloat(), 1e-5);
                gc.backward(loss);
            }
            assertEquals(want.names().size(), params.size());
            float worst = 0;
            for (String name : want.names()) {
                NDArray grad = params.get(name).getGradient();
                worst = Math.max(worst, Fixtures.maxAbsDiff(grad.toFloatArray(), want.read(name, m).toFloatArray()));
            }
            assertTrue(worst <= 1e-6, "LoRA gradients differ from PEFT by " + worst);
        }
    }
}
