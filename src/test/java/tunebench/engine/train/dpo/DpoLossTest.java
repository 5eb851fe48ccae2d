package tunebench.engine.train.dpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.DjlRuntime;

/** The parts of the loss the fixture does not hold (it was made with label_smoothing 0). */
class DpoLossTest {

    private static double logSigmoid(double x) {
        return -Math.log1p(Math.exp(-x));
    }

    private static double loss(DpoLoss loss, float pc, float pr, float rc, float rr) {
        try (NDManager m = DjlRuntime.engine().newBaseManager()) {
            return loss.compute(m.create(new float[] {pc}), m.create(new float[] {pr}),
                    m.create(new float[] {rc}), m.create(new float[] {rr})).loss().getFloat();
        }
    }

    @Test
    void labelSmoothingMixesInTheFlippedLabel() {
        // z = (-1 - -2) - (-1.5 - -1.5) = 1; cDPO: -(1-e) log s(bz) - e log s(-bz)
        double want = -0.8 * logSigmoid(0.5) - 0.2 * logSigmoid(-0.5);
        assertEquals(want, loss(new DpoLoss(DpoLossType.SIGMOID, 0.5, 0.2), -1, -2, -1.5f, -1.5f), 1e-6);
    }

    @Test
    void hingeIsZeroBeyondTheMargin() {
        assertEquals(0, loss(new DpoLoss(DpoLossType.HINGE, 0.1, 0), 0, -20, 0, 0), 0);
        assertEquals(0.5, loss(new DpoLoss(DpoLossType.HINGE, 0.1, 0), 0, -5, 0, 0), 1e-6);
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.SIGMOID, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.SIGMOID, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.IPO, 0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> DpoLossType.of("orpo"));
    }
}
