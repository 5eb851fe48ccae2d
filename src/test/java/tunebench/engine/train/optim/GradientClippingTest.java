package tunebench.engine.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.DjlRuntime;

/** Global-norm clipping against torch.nn.utils.clip_grad_norm_. */
class GradientClippingTest {

    private static final float[] GRAD_W = {-0.5f, 1.25f, 0.25f, -0.75f, 1f, 0f, -1f, 0.75f,
        -0.25f, -1.25f, 0.5f, -0.5f};
    private static final float[] GRAD_B = {0.125f, 0.375f, -0.5f, -0.25f, 0f};

    /*
     * /usr/bin/python3, torch 1.13, with GRAD_W = [((i * 7 + 3) % 11 - 5) / 4 for i in range(12)]
     * and GRAD_B = [((i * 2 + 5) % 9 - 4) / 8 for i in range(5)]:
     *
     *   w = torch.zeros(3, 4, requires_grad=True); b = torch.zeros(5, requires_grad=True)
     *   w.grad = torch.tensor(GRAD_W).reshape(3, 4); b.grad = torch.tensor(GRAD_B)
     *   total = torch.nn.utils.clip_grad_norm_([w, b], 1.0)   # 2.75567603
     *   print(w.grad.flatten().tolist(), b.grad.tolist())
     */
    private static final double TORCH_TOTAL = 2.75567603;
    private static final float[] TORCH_W = {-0.181443617f, 0.453609049f, 0.0907218084f,
        -0.272165418f, 0.362887233f, 0f, -0.362887233f, 0.272165418f, -0.0907218084f,
        -0.453609049f, 0.181443617f, -0.181443617f};
    private static final float[] TORCH_B = {0.0453609042f, 0.136082709f, -0.181443617f,
        -0.0907218084f, 0f};

    private NDManager manager;
    private NDArray w;
    private NDArray b;

    @BeforeEach
    void open() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
        w = manager.zeros(new Shape(3, 4));
        b = manager.zeros(new Shape(5));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void matchesTorchClipGradNorm() {
        setGradients(GRAD_W, GRAD_B);
        double total = GradientClipping.clipGlobalNorm(List.of(w, b), 1.0);
        float dw = AdamWTest.maxAbsDiff(grad(w), TORCH_W);
        float db = AdamWTest.maxAbsDiff(grad(b), TORCH_B);
        System.out.printf("clipping vs torch: norm diff %.3g, grad max |diff| %.3g, %.3g%n",
                Math.abs(total - TORCH_TOTAL), dw, db);
        assertEquals(TORCH_TOTAL, total, 1e-6);
        assertTrue(dw < 1e-7 && db < 1e-7, "clipped gradients differ from torch: " + dw + ", " + db);
    }

    @Test
    void leavesGradientsBelowTheLimitAlone() {
        setGradients(GRAD_W, GRAD_B);
        assertEquals(TORCH_TOTAL, GradientClipping.clipGlobalNorm(List.of(w, b), 10.0), 1e-6);
        assertArrayEquals(GRAD_W, grad(w));
        assertArrayEquals(GRAD_B, grad(b));
    }

    @Test
    void nonPositiveMaxNormOnlyMeasures() {
        setGradients(GRAD_W, GRAD_B);
        assertEquals(TORCH_TOTAL, GradientClipping.clipGlobalNorm(List.of(w, b), 0), 1e-6);
        assertArrayEquals(GRAD_W, grad(w));
    }

    @Test
    void returnsNonFiniteNormAsIs() {
        float[] withNan = GRAD_B.clone();
        withNan[2] = Float.NaN;
        setGradients(GRAD_W, withNan);
        assertTrue(Double.isNaN(GradientClipping.clipGlobalNorm(List.of(w, b), 1.0)));
        assertArrayEquals(GRAD_W, grad(w));
    }

    /** d/dp sum(p * g) = g. */
    private void setGradients(float[] gw, float[] gb) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = manager.getEngine().newGradientCollector()) {
            NDArray loss = w.mul(manager.create(gw, new Shape(3, 4))).sum()
                    .add(b.mul(manager.create(gb)).sum());
            gc.backward(loss);
        }
    }

    private static float[] grad(NDArray p) {
        try (NDArray g = p.getGradient()) {
            return g.toFloatArray();
        }
    }
}
