package tunebench.engine.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Schedules against transformers' LambdaLR formulas. */
class LrScheduleTest {

    /*
     * Expected values from /usr/bin/python3 with transformers' lambdas copied verbatim
     * (_get_cosine_schedule_with_warmup_lr_lambda and friends), peak 2e-4, warmup 10, total 100:
     *   print(s, peak * cosine(s, 10, 100), peak * linear(s, 10, 100), peak * const(s, 10))
     */
    private static final int[] STEPS = {0, 1, 5, 9, 10, 11, 50, 99};
    private static final double[] COSINE = {0.0, 2e-05, 0.0001, 0.00018, 0.0002,
        0.0001999390827019096, 0.00011736481776669306, 6.09172980904238e-08};
    private static final double[] LINEAR = {0.0, 2e-05, 0.0001, 0.00018, 0.0002,
        0.00019777777777777778, 0.00011111111111111112, 2.2222222222222225e-06};

    @Test
    void cosineMatchesTransformers() {
        check(LrSchedule.of("cosine", 2e-4, 10, 100), COSINE);
    }

    @Test
    void linearMatchesTransformers() {
        check(LrSchedule.of("linear", 2e-4, 10, 100), LINEAR);
    }

    @Test
    void constantWithWarmupRampsThenHolds() {
        LrSchedule s = LrSchedule.of("constant_with_warmup", 2e-4, 10, 100);
        assertEquals(0.0, s.lr(0));
        assertEquals(1e-4, s.lr(5));
        assertEquals(2e-4, s.lr(10));
        assertEquals(2e-4, s.lr(99));
    }

    @Test
    void plainConstantIgnoresWarmupAsTransformersDoes() {
        LrSchedule s = LrSchedule.of("constant", 2e-4, 10, 100);
        assertEquals(2e-4, s.lr(0));
        assertEquals(2e-4, s.lr(99));
    }

    @Test
    void decayEndsAtZeroWithoutWarmup() {
        assertEquals(2e-4, LrSchedule.of("linear", 2e-4, 0, 100).lr(0));
        assertEquals(0.0, LrSchedule.of("linear", 2e-4, 0, 100).lr(100));
        assertEquals(0.0, LrSchedule.of("cosine", 2e-4, 0, 100).lr(100), 1e-20);
    }

    @Test
    void warmupStepsRoundUpAsTransformers() {
        assertEquals(30, LrSchedule.warmupSteps(0.03, 1000));
        assertEquals(1, LrSchedule.warmupSteps(0.1, 7));
        assertEquals(0, LrSchedule.warmupSteps(0.0, 10));
    }

    @Test
    void rejectsUnknownTypeAndNegativeSteps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.of("polynomial", 1e-4, 0, 10));
        assertEquals(true, e.getMessage().contains("polynomial"));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.of("cosine", 1e-4, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.of("cosine", 1e-4, 0, 10).lr(-1));
    }

    private static void check(LrSchedule schedule, double[] expected) {
        for (int i = 0; i < STEPS.length; i++) {
            // Java's Math.cos may differ from C's cos in the last bit.
            assertEquals(expected[i], schedule.lr(STEPS[i]), Math.ulp(expected[i]) * 4, "step " + STEPS[i]);
        }
    }
}
