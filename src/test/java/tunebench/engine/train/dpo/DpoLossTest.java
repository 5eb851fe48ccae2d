package tunebench.engine.train.dpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
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
    void rpoAddsAlphaTimesTheNllAndLogsIt() {
        try (NDManager m = DjlRuntime.engine().newBaseManager()) {
            DpoLoss plain = new DpoLoss(DpoLossType.SIGMOID, 0.5, 0);
            DpoLoss rpo = new DpoLoss(DpoLossType.SIGMOID, 0.5, 0, 2.0);
            float[][] logps = {{-1, -3}, {-2, -2}, {-1.5f, -2.5f}, {-1.5f, -1.5f}};
            DpoLoss.Result base = plain.compute(m.create(logps[0]), m.create(logps[1]),
                    m.create(logps[2]), m.create(logps[3]));
            DpoLoss.Result withNll = rpo.compute(m.create(logps[0]), m.create(logps[1]),
                    m.create(logps[2]), m.create(logps[3]), m.create(0.75f));
            assertEquals(base.loss().getFloat() + 2.0 * 0.75, withNll.loss().getFloat(), 1e-6);
            assertEquals(0.75, withNll.metrics().get("nll_loss"), 1e-6);
            assertFalse(base.metrics().containsKey("nll_loss"));
            assertThrows(IllegalArgumentException.class, () -> rpo.compute(m.create(logps[0]),
                    m.create(logps[1]), m.create(logps[2]), m.create(logps[3])));
        }
    }

    @Test
    void rpoNllIsTheTokenMeanOverAllChosenTokens() {
        try (NDManager m = DjlRuntime.engine().newBaseManager()) {
            // rows of 2 and 6 tokens: (−(−1) − (−9)) / 8, not the mean of per-row means
            NDArray nll = SequenceLogProbs.meanNll(m.create(new float[] {-1, -9}),
                    m.create(new float[] {2, 6}));
            assertEquals(10.0 / 8, nll.getFloat(), 1e-6);
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.SIGMOID, 0.1, 0, -0.5));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.SIGMOID, 0.1, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.SIGMOID, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.SIGMOID, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new DpoLoss(DpoLossType.IPO, 0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> DpoLossType.of("orpo"));
    }
}
