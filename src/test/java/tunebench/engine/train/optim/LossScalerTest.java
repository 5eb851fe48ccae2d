package tunebench.engine.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.DjlRuntime;

/** Dynamic loss scaling with injected overflows, against torch.amp.GradScaler's rules. */
class LossScalerTest {

    private static final float[] G_W = {0.5f, -1.25f, 3e-6f, 0.0078125f, -2f, 1f};
    private static final float[] G_B = {-0.375f, 6.1e-5f, 0f};

    private NDManager manager;
    private NDArray w;
    private NDArray b;

    @BeforeEach
    void open() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
        w = manager.zeros(new Shape(2, 3));
        b = manager.zeros(new Shape(3));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void startsAtTorchsDefaults() {
        LossScaler s = new LossScaler(LossScaler.Spec.TORCH);
        assertEquals(65536.0, s.scale());
        assertEquals(new LossScaler.Spec(65536, 2, 0.5, 2000, 1), LossScaler.Spec.TORCH);
        assertThrows(IllegalArgumentException.class, () -> new LossScaler.Spec(0, 2, 0.5, 2000, 1));
        assertThrows(IllegalArgumentException.class, () -> new LossScaler.Spec(65536, 2, 1, 2000, 1));
    }

    @Test
    void unscaledGradientsEqualTheOriginals() {
        LossScaler s = new LossScaler(LossScaler.Spec.TORCH);
        backward(s, G_W, G_B);
        assertEquals(G_W[0] * 65536f, grad(w)[0], "backward saw the scaled loss");
        assertTrue(s.unscale(List.of(w, b)));
        assertArrayEquals(G_W, grad(w), "a power-of-two scale divides back exactly");
        assertArrayEquals(G_B, grad(b));
    }

    @Test
    void anInfinityOrNanSkipsTheStepAndHalvesTheScale() {
        LossScaler s = new LossScaler(LossScaler.Spec.TORCH);
        float[] inf = G_B.clone();
        inf[1] = Float.POSITIVE_INFINITY;
        backward(s, G_W, inf);
        boolean ok = s.unscale(List.of(w, b));
        assertFalse(ok, "an infinite gradient is an overflow");
        s.update(ok);
        assertEquals(32768.0, s.scale());
        assertEquals(1, s.skippedSteps());

        zeroGradients();
        assertArrayEquals(new float[3], grad(b), "zeroed");
        float[] nan = G_W.clone();
        nan[4] = Float.NaN;
        backward(s, nan, G_B);
        ok = s.unscale(List.of(w, b));
        assertFalse(ok, "NaN is an overflow too");
        s.update(ok);
        assertEquals(16384.0, s.scale());
        assertEquals(2, s.skippedSteps());
    }

    @Test
    void anFp16GradientThatOverflowsIsCaught() {
        LossScaler s = new LossScaler(LossScaler.Spec.TORCH);
        try (NDScope scope = new NDScope()) {
            // 2 * 65536 does not fit FP16: the cast saturates to infinity, as an FP16 backward would.
            NDArray g = manager.create(new float[] {2f, 1f}).mul((float) s.scale()).toType(DataType.FLOAT16, false);
            assertTrue(Float.isInfinite(g.toType(DataType.FLOAT32, false).getFloat(0)));
            NDArray h = manager.zeros(new Shape(2), DataType.FLOAT16);
            h.setRequiresGradient(true);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                gc.backward(h.mul(g).sum());
            }
            assertFalse(s.unscale(List.of(h)));
        }
    }

    @Test
    void growsAfterTheIntervalOfCleanStepsAndAnOverflowResetsTheCount() {
        LossScaler s = new LossScaler(new LossScaler.Spec(1024, 2, 0.5, 3, 1));
        s.update(true);
        s.update(true);
        assertEquals(1024.0, s.scale());
        s.update(true);
        assertEquals(2048.0, s.scale(), "third clean step in a row");
        s.update(true);
        s.update(true);
        s.update(false);
        assertEquals(1024.0, s.scale());
        s.update(true);
        s.update(true);
        assertEquals(1024.0, s.scale(), "the overflow restarted the count");
        s.update(true);
        assertEquals(2048.0, s.scale());
        assertEquals(new LossScaler.State(2048.0, 0, 1), s.state());
    }

    @Test
    void neverFallsBelowTheFloorOrGrowsPastFloat() {
        LossScaler s = new LossScaler(new LossScaler.Spec(4, 2, 0.5, 1, 1));
        for (int i = 0; i < 10; i++) {
            s.update(false);
        }
        assertEquals(1.0, s.scale());
        assertEquals(10, s.skippedSteps());
        LossScaler big = LossScaler.restore(LossScaler.Spec.TORCH, new LossScaler.State(0x1p127, 1999, 0));
        big.update(true);
        assertEquals(0x1p127, big.scale(), "2^128 is infinite in FP32: torch keeps the scale");
    }

    @Test
    void restoredStateContinuesAsTheUninterruptedScaler() {
        LossScaler a = new LossScaler(new LossScaler.Spec(8, 2, 0.5, 2, 1));
        boolean[] steps = {true, false, true, true, true};
        LossScaler b2 = null;
        for (int i = 0; i < steps.length; i++) {
            a.update(steps[i]);
            if (i == 2) {
                b2 = LossScaler.restore(new LossScaler.Spec(8, 2, 0.5, 2, 1), a.state());
            } else if (b2 != null) {
                b2.update(steps[i]);
            }
        }
        assertEquals(a.state(), b2.state());
    }

    /** d/dp sum(p * g) = g, scaled by the loss scale. */
    private void backward(LossScaler s, float[] gw, float[] gb) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = manager.getEngine().newGradientCollector()) {
            NDArray loss = w.mul(manager.create(gw, new Shape(2, 3))).sum()
                    .add(b.mul(manager.create(gb)).sum());
            gc.backward(s.scale(loss));
        }
    }

    private void zeroGradients() {
        // Not g - g: inf - inf would leave NaN behind.
        JniUtils.zeroGrad((PtNDArray) w);
        JniUtils.zeroGrad((PtNDArray) b);
    }

    private static float[] grad(NDArray p) {
        try (NDArray g = p.getGradient()) {
            return g.toFloatArray();
        }
    }
}
