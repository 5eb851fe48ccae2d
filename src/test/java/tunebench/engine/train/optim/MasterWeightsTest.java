package tunebench.engine.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.Casts;
import tunebench.engine.runtime.DjlRuntime;

/** FP32 masters beside FP16 weights: gradients gathered, updates kept, weights refreshed. */
class MasterWeightsTest {

    private static final float[] W0 = {1.0f, -0.5f, 0.25f, 2.0f, -1.5f, 0.125f};
    private static final float[] G = {0.5f, -1.25f, 3e-6f, 0.0078125f, -2f, 1f};

    private NDManager manager;
    private NDArray w;

    @BeforeEach
    void open() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
        JniUtils.setGradMode(false); // as a run holds it outside its collectors
        w = manager.create(W0, new Shape(2, 3)).toType(DataType.FLOAT16, false);
        w.setRequiresGradient(true);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private void backward(double scale) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = manager.getEngine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray g16 = manager.create(G, new Shape(2, 3)).toType(DataType.FLOAT16, false);
            NDArray loss = Casts.to(w.mul(g16).sum(), DataType.FLOAT32);
            gc.backward(loss.mul((float) scale));
        }
    }

    private static float[] grad(NDArray p) {
        try (NDArray g = p.getGradient()) {
            return g.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Test
    void gradientsMoveToFp32MastersAndUnscaleExactly() {
        try (MasterWeights masters = new MasterWeights(Map.of("w", w))) {
            NDArray master = masters.masters().get("w");
            assertEquals(DataType.FLOAT32, master.getDataType());
            assertArrayEquals(W0, master.toFloatArray());
            backward(1024);
            masters.gatherGradients();
            assertEquals(DataType.FLOAT32, master.getGradient().getDataType());
            assertArrayEquals(new float[6], grad(w), "the FP16 gradient was handed over");
            LossScaler scaler = new LossScaler(new LossScaler.Spec(1024, 2, 0.5, 2000, 1));
            assertTrue(scaler.unscale(masters.masters().values()));
            // the FP16 gradient is 1024 * fp16(G), exact; unscaled in FP32 it is fp16(G) exactly,
            // 3e-6 included, which FP16 holds only as a subnormal with 3 significant bits
            float[] expected = new float[G.length];
            for (int i = 0; i < G.length; i++) {
                expected[i] = halfOf(G[i]);
            }
            assertArrayEquals(expected, grad(master));
            assertEquals(3e-6f, grad(master)[2], 3e-6f * 0.05f);
            // a second backward accumulates onto a zeroed master gradient, not onto the first
            JniUtils.zeroGrad((PtNDArray) master);
            backward(1);
            masters.gatherGradients();
            assertEquals(0.5f, grad(master)[0]);
        }
    }

    /** x rounded to FP16 and back. */
    private float halfOf(float x) {
        try (NDArray a = manager.create(new float[] {x})) {
            return a.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).getFloat(0);
        }
    }

    @Test
    void updatesBelowHalfAnUlpAccumulateInTheMasterAndReachTheWeight() {
        Map<String, NDArray> weights = new LinkedHashMap<>();
        weights.put("w", w);
        try (MasterWeights masters = new MasterWeights(weights);
                AdamW adam = new AdamW(masters.masters(), 0.9, 0.999, 1e-8, 0)) {
            // AdamW's first steps move each weight by about lr; 1e-4 is below half an FP16 ulp
            // of 2.0 (2^-10), so an FP16 weight updated alone would never change
            for (int step = 0; step < 20; step++) {
                backward(1);
                masters.gatherGradients();
                adam.step(1e-4);
                masters.copyToWeights();
            }
            float[] master = masters.masters().get("w").toFloatArray();
            assertEquals(2.0f - 20 * 1e-4f, master[3], 2e-5f, "the master took every update");
            assertNotEquals(2.0f, w.toType(DataType.FLOAT32, false).toFloatArray()[3],
                    "the weight follows the master");
            assertEquals(DataType.FLOAT16, w.getDataType());
            assertEquals(DataType.FLOAT32, adam.moments("w")[0].getDataType());
            float[] cast = masters.masters().get("w").toType(DataType.FLOAT16, false)
                    .toType(DataType.FLOAT32, false).toFloatArray();
            assertArrayEquals(cast, w.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    @Test
    void anOverflowReachesTheMastersGradientAsInf() {
        try (MasterWeights masters = new MasterWeights(Map.of("w", w))) {
            backward(1e38);
            masters.gatherGradients();
            assertFalse(new LossScaler(LossScaler.Spec.TORCH).unscale(masters.masters().values()));
        }
    }

    @Test
    void aWeightThatOverflowedTakesItsMasterBackInsteadOfStayingNaN() {
        try (MasterWeights mw = new MasterWeights(new LinkedHashMap<>(Map.of("w", w)))) {
            NDArray master = mw.masters().get("w");
            master.muli(0).addi(1e5f); // over FP16's 65,504
            mw.copyToWeights();
            assertTrue(Float.isInfinite(w.toType(DataType.FLOAT32, false).toFloatArray()[0]));
            master.muli(0).addi(1f);
            mw.copyToWeights();
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, w.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }
}
