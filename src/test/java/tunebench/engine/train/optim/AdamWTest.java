package tunebench.engine.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.safetensors.SafetensorsException;
import tunebench.engine.runtime.DjlRuntime;

/** AdamW against torch.optim.AdamW, resume equals no interruption, and no per-step leaks. */
class AdamWTest {

    /*
     * Produced by /usr/bin/python3 with torch 1.13:
     *
     *   w = torch.tensor([((i * 5) % 13 - 6) / 8 for i in range(12)]).reshape(3, 4).requires_grad_()
     *   b = torch.tensor([((i * 3) % 7 - 3) / 4 for i in range(5)]).requires_grad_()
     *   opt = torch.optim.AdamW([{"params": [w], "weight_decay": 0.1},
     *                            {"params": [b], "weight_decay": 0.0}],
     *                           lr=1e-2, betas=(0.9, 0.999), eps=1e-8)
     *   for t in range(1, 6):
     *       w.grad = torch.tensor([((i * 7 + t * 3) % 11 - 5) / 4 for i in range(12)]).reshape(3, 4)
     *       b.grad = torch.tensor([((i * 2 + t * 5) % 9 - 4) / 8 for i in range(5)])
     *       opt.step()
     *   print([f"{x:.9g}" for x in w.detach().flatten().tolist()], [f"{x:.9g}" for x in b.tolist()])
     */
    private static final float[] TORCH_W = {-0.7354846f, -0.14065966f, 0.477632552f, -0.472938746f,
        0.111758485f, 0.747517169f, -0.229992777f, 0.371604741f, -0.626649559f, 0.0278837774f,
        0.592274249f, -0.362355828f};
    private static final float[] TORCH_B = {-0.753994703f, -0.0270136967f, 0.778608143f,
        -0.250589848f, 0.520358682f};

    private NDManager manager;

    @BeforeEach
    void open() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void matchesTorchAdamWAfterFiveSteps() {
        Map<String, NDArray> params = fixtureParams();
        try (AdamW opt = newAdamW(params)) {
            for (int t = 1; t <= 5; t++) {
                backward(params, t);
                opt.step(1e-2);
            }
            float dw = maxAbsDiff(params.get("layer.weight").toFloatArray(), TORCH_W);
            float db = maxAbsDiff(params.get("layer.bias").toFloatArray(), TORCH_B);
            System.out.printf("AdamW vs torch: max |diff| weight %.3g, bias %.3g%n", dw, db);
            assertTrue(dw < 1e-6, "weight differs from torch by " + dw);
            assertTrue(db < 1e-6, "bias differs from torch by " + db);
            assertEquals(5, opt.stepCount());
        }
    }

    @Test
    void zeroesGradientsAfterStep() {
        Map<String, NDArray> params = fixtureParams();
        try (AdamW opt = newAdamW(params)) {
            backward(params, 1);
            opt.step(1e-2);
            for (NDArray p : params.values()) {
                try (NDArray g = p.getGradient()) {
                    assertEquals(0f, g.abs().max().getFloat());
                }
            }
        }
    }

    @Test
    void biasesAndNormWeightsAreNotDecayed() {
        assertFalse(AdamW.decays("layer.bias"));
        assertFalse(AdamW.decays("model.norm.weight"));
        assertFalse(AdamW.decays("model.layers.0.input_layernorm.weight"));
        assertTrue(AdamW.decays("model.layers.0.self_attn.q_proj.weight"));
        // With a zero gradient the moments stay 0, so only decay can move a parameter.
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("w", leaf(new float[] {1f, -2f}));
        params.put("post_attention_layernorm.weight", leaf(new float[] {1f, -2f}));
        try (AdamW opt = new AdamW(params, 0.9, 0.999, 1e-8, 0.1)) {
            backwardWith(params, Map.of("w", new float[2], "post_attention_layernorm.weight", new float[2]));
            opt.step(0.5);
            assertArrayEquals(new float[] {0.95f, -1.9f}, params.get("w").toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {1f, -2f},
                    params.get("post_attention_layernorm.weight").toFloatArray());
        }
    }

    @Test
    void resumedOptimizerMatchesUninterrupted(@TempDir Path dir) throws IOException {
        Map<String, NDArray> straight = fixtureParams();
        try (AdamW opt = newAdamW(straight)) {
            for (int t = 1; t <= 5; t++) {
                backward(straight, t);
                opt.step(1e-2 * t);
            }
        }
        Map<String, NDArray> resumed = fixtureParams();
        Path file = dir.resolve("optimizer.safetensors");
        try (AdamW first = newAdamW(resumed)) {
            for (int t = 1; t <= 3; t++) {
                backward(resumed, t);
                first.step(1e-2 * t);
            }
            first.save(file);
        }
        try (AdamW second = newAdamW(resumed)) {
            second.load(file);
            assertEquals(3, second.stepCount());
            for (int t = 4; t <= 5; t++) {
                backward(resumed, t);
                second.step(1e-2 * t);
            }
        }
        for (String name : straight.keySet()) {
            assertArrayEquals(straight.get(name).toFloatArray(), resumed.get(name).toFloatArray(), name);
        }
    }

    @Test
    void loadNamesMissingMisshapenAndUnknownTensors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optimizer.safetensors");
        try (AdamW saved = newAdamW(fixtureParams())) {
            saved.save(file);
        }
        Map<String, NDArray> other = new LinkedHashMap<>();
        other.put("layer.weight", leaf(new float[12], 4, 3));
        other.put("head.bias", leaf(new float[5]));
        try (AdamW opt = newAdamW(other)) {
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> opt.load(file));
            String message = e.getMessage();
            assertTrue(message.contains("\"m.layer.weight\" has shape [3, 4]"), message);
            assertTrue(message.contains("\"v.head.bias\" is missing"), message);
            assertTrue(message.contains("\"m.layer.bias\" is state of a parameter"), message);
            assertEquals(0, opt.stepCount());
        }
    }

    @Test
    void rejectsParameterWithoutGradient() {
        Map<String, NDArray> params = Map.of("w", manager.zeros(new Shape(2)));
        assertThrows(IllegalArgumentException.class, () -> newAdamW(params));
    }

    @Test
    void keepsArrayCountConstantOver2000Steps() {
        NDArray p = manager.randomNormal(new Shape(256, 256));
        p.setRequiresGradient(true);
        NDArray x = manager.randomNormal(new Shape(256, 256));
        try (AdamW opt = newAdamW(Map.of("w", p))) {
            int after10 = 0;
            for (int step = 1; step <= 2000; step++) {
                try (NDScope scope = new NDScope();
                        GradientCollector gc = manager.getEngine().newGradientCollector()) {
                    gc.backward(p.mul(x).sum());
                }
                // No scope here: the optimizer must clean up after itself.
                opt.step(1e-3);
                if (step == 10) {
                    after10 = manager.getManagedArrays().size();
                }
            }
            assertEquals(after10, manager.getManagedArrays().size(), "arrays leaked per step");
            assertEquals(2, opt.stateManager().getManagedArrays().size());
        }
    }

    private AdamW newAdamW(Map<String, NDArray> params) {
        return new AdamW(params, 0.9, 0.999, 1e-8, 0.1);
    }

    private Map<String, NDArray> fixtureParams() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("layer.weight", leaf(pattern(12, 5, 0, 13, 6, 8), 3, 4));
        params.put("layer.bias", leaf(pattern(5, 3, 0, 7, 3, 4)));
        return params;
    }

    /** The gradients the torch snippet assigns at step t. */
    private void backward(Map<String, NDArray> params, int t) {
        backwardWith(params, Map.of(
                "layer.weight", pattern(12, 7, 3 * t, 11, 5, 4),
                "layer.bias", pattern(5, 2, 5 * t, 9, 4, 8)));
    }

    /** d/dp sum(p * g) = g exactly, so this sets each gradient to g (accumulating, like torch). */
    private void backwardWith(Map<String, NDArray> params, Map<String, float[]> grads) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = manager.getEngine().newGradientCollector()) {
            NDArray loss = manager.create(0f);
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = manager.create(grads.get(e.getKey()), e.getValue().getShape());
                loss = loss.add(e.getValue().mul(g).sum());
            }
            gc.backward(loss);
        }
    }

    /** A trainable parameter; without a shape, one-dimensional. */
    private NDArray leaf(float[] values, long... shape) {
        NDArray a = manager.create(values, shape.length == 0 ? new Shape(values.length) : new Shape(shape));
        a.setRequiresGradient(true);
        return a;
    }

    /** Fixture values ((i * mul + add) % mod - sub) / div, exact in float32. */
    private static float[] pattern(int n, int mul, int add, int mod, int sub, int div) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((i * mul + add) % mod - sub) / div;
        }
        return out;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
