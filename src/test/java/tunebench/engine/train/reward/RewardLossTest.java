package tunebench.engine.train.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tunebench.engine.runtime.DjlRuntime;

/** The pairwise loss and metrics against values computed apart, in doubles. */
class RewardLossTest {

    @Test
    void lossIsTheMeanSoftplusOfTheNegatedMargin() {
        float[] chosen = {1.5f, -0.25f, 3f};
        float[] rejected = {0.5f, 0.75f, -2f};
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += Math.log1p(Math.exp(-(chosen[i] - rejected[i]))); // −log σ(r_c − r_r)
        }
        expected /= 3;
        try (NDManager m = DjlRuntime.newManager()) {
            RewardLoss.Result r = RewardLoss.compute(m.create(new float[] {
                chosen[0], chosen[1], chosen[2], rejected[0], rejected[1], rejected[2]}));
            assertEquals(expected, r.loss().getFloat(), 1e-6);
            Map<String, Double> metrics = r.metrics();
            assertEquals(List.of("rewards/chosen", "rewards/rejected", "rewards/accuracies",
                    "rewards/margins"), List.copyOf(metrics.keySet()));
            assertEquals((1.5 - 0.25 + 3) / 3, metrics.get("rewards/chosen"), 1e-6);
            assertEquals((0.5 + 0.75 - 2) / 3, metrics.get("rewards/rejected"), 1e-6);
            assertEquals(2.0 / 3, metrics.get("rewards/accuracies"), 1e-12);
            assertEquals((1 - 1 + 5) / 3.0, metrics.get("rewards/margins"), 1e-6);
        }
    }

    @Test
    void largeMarginsStayFinite() {
        try (NDManager m = DjlRuntime.newManager()) {
            // σ(−200) underflows float32: a naive −log σ would give infinity
            assertEquals(200, RewardLoss.compute(m.create(new float[] {-100f, 100f})).loss().getFloat(), 1e-3);
            assertEquals(0, RewardLoss.compute(m.create(new float[] {100f, -100f})).loss().getFloat(), 1e-6);
        }
    }

    @Test
    void theHeadReadsEachRowsLastRealToken() {
        try (NDManager m = DjlRuntime.newManager(); ValueHead head = ValueHead.create(m, 2, 1)) {
            head.weight().muli(0).addi(m.create(new float[] {1f, 10f}, new Shape(1, 2)));
            // (rows 2, seq 3, hidden 2): row 0 has 2 real tokens, row 1 has 3
            NDArray hidden = m.create(new float[] {1, 0, 2, 0, 9, 9, 0, 1, 0, 2, 3, 4}, new Shape(2, 3, 2));
            float[] r = head.rewards(hidden, new long[][] {{1, 1, 0}, {1, 1, 1}}).toFloatArray();
            assertEquals(2f, r[0], 1e-6); // token 1 of row 0: (2, 0)
            assertEquals(43f, r[1], 1e-6); // token 2 of row 1: (3, 4)
        }
    }
}
