package tunebench.engine.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;

/**
 * Dynamic loss scaling for FP16 gradients, as torch.amp.GradScaler (Micikevicius et al.,
 * "Mixed Precision Training", https://arxiv.org/abs/1710.03740): the loss is multiplied by a
 * large scale so small FP16 gradients do not flush to zero; before clipping and the optimizer
 * step the gradients are divided back; a step whose gradients hold inf or NaN is skipped and
 * the scale halves; after {@code growthInterval} clean steps in a row it doubles.
 *
 * <p>One step: {@code backward(scaler.scale(loss))}, {@code boolean ok = scaler.unscale(params)},
 * clip and step only if {@code ok}, then {@code scaler.update(ok)}, then zero the gradients.
 */
public final class LossScaler {

    /**
     * @param initScale the first scale (torch: 2^16)
     * @param growthFactor applied after growthInterval clean steps (torch: 2)
     * @param backoffFactor applied on an overflow (torch: 0.5)
     * @param growthInterval clean steps in a row before growing (torch: 2000)
     * @param minScale the scale never goes below this (torch has no floor; 1 keeps a run of
     *     overflows from driving the scale to 0 and every later gradient to 0)
     */
    public record Spec(double initScale, double growthFactor, double backoffFactor, int growthInterval,
            double minScale) {
        public static final Spec TORCH = new Spec(65536, 2, 0.5, 2000, 1);

        public Spec {
            if (!(initScale > 0) || Double.isInfinite(initScale) || !(growthFactor > 1)
                    || !(backoffFactor > 0 && backoffFactor < 1) || growthInterval < 1
                    || !(minScale > 0) || minScale > initScale) {
                throw new IllegalArgumentException("impossible loss scaling: " + this);
            }
        }
    }

    /** What a checkpoint keeps, so a resumed run scales as the uninterrupted one would. */
    public record State(double scale, int growthTracker, long skippedSteps) {}

    private final Spec spec;
    private double scale;
    private int growthTracker;
    private long skippedSteps;

    public LossScaler(Spec spec) {
        this.spec = spec;
        this.scale = spec.initScale();
    }

    public static LossScaler restore(Spec spec, State state) {
        LossScaler s = new LossScaler(spec);
        s.scale = Math.max(state.scale(), spec.minScale());
        s.growthTracker = state.growthTracker();
        s.skippedSteps = state.skippedSteps();
        return s;
    }

    public State state() {
        return new State(scale, growthTracker, skippedSteps);
    }

    /** Continues from a checkpoint's state, as {@link #restore} (for a scaler already handed out). */
    public void load(State state) {
        scale = Math.max(state.scale(), spec.minScale());
        growthTracker = state.growthTracker();
        skippedSteps = state.skippedSteps();
    }

    public Spec spec() {
        return spec;
    }

    public double scale() {
        return scale;
    }

    /** Steps skipped for overflow so far. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** The loss times the scale, computed in FP32 (the loss is FP32 by design). */
    public NDArray scale(NDArray loss) {
        return loss.mul((float) scale);
    }

    /**
     * Divides the gradients of {@code params} by the scale in place and says whether all are
     * finite. One reduction per tensor (max |g|, which keeps NaN) and one host read in all.
     * Parameters without a gradient are ignored.
     *
     * @return true when the step may be taken; false when a gradient holds inf or NaN
     */
    public boolean unscale(Collection<NDArray> params) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList maxima = new NDList();
            // 1/scale is a power of two for the default spec, so unscaling is exact.
            float inverse = (float) (1.0 / scale);
            for (NDArray p : params) {
                NDArray grad = JniUtils.getGradient((PtNDArray) p);
                if (grad != null) {
                    grad.muli(inverse);
                    maxima.add(grad.abs().max().toType(DataType.FLOAT32, false));
                }
            }
            if (maxima.isEmpty()) {
                return true;
            }
            float largest = NDArrays.stack(maxima).max().getFloat();
            return Float.isFinite(largest);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * Adjusts the scale after a step: halves it (not below the floor) and counts a skip on an
     * overflow; grows it after {@code growthInterval} clean steps in a row.
     *
     * @param finite what {@link #unscale} returned for this step
     */
    public void update(boolean finite) {
        if (!finite) {
            scale = Math.max(scale * spec.backoffFactor(), spec.minScale());
            growthTracker = 0;
            skippedSteps++;
            return;
        }
        growthTracker++;
        if (growthTracker == spec.growthInterval()) {
            double grown = scale * spec.growthFactor();
            // torch grows only while the result stays finite in FP32.
            if (grown <= Float.MAX_VALUE) {
                scale = grown;
            }
            growthTracker = 0;
        }
    }
}
