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
 * Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_ (Pascanu et al.,
 * https://arxiv.org/abs/1211.5063). DJL only offers a per-element clamp, which changes the
 * gradient's direction; this scales all gradients together and keeps it.
 */
public final class GradientClipping {

    /** torch's guard against dividing by a zero norm. */
    private static final double EPS = 1e-6;

    private GradientClipping() {}

    /**
     * Returns the L2 norm of all gradients of {@code params} taken together, before clipping,
     * and scales them in place by {@code maxNorm / (norm + 1e-6)} when that is below 1.
     * {@code maxNorm <= 0} only measures. A NaN or infinite norm is returned as is and the
     * gradients are left untouched, so the caller can see the overflow and skip the step
     * (torch would scale them by NaN or 0). Parameters without a gradient are ignored.
     */
    public static double clipGlobalNorm(Collection<NDArray> params, double maxNorm) {
        // Scaling a gradient in place must not be recorded by autograd.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList grads = new NDList();
            NDList norms = new NDList();
            for (NDArray p : params) {
                NDArray grad = JniUtils.getGradient((PtNDArray) p);
                if (grad != null) {
                    grads.add(grad);
                    norms.add(grad.norm());
                }
            }
            if (grads.isEmpty()) {
                return 0;
            }
            // Norm of the per-tensor norms, as torch does; the one host read of this call.
            NDArray total = NDArrays.stack(norms).norm();
            double norm = total.toType(DataType.FLOAT64, false).getDouble();
            double coef = maxNorm / (norm + EPS);
            if (maxNorm > 0 && Double.isFinite(norm) && coef < 1) {
                for (NDArray grad : grads) {
                    grad.muli(coef);
                }
            }
            return norm;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
