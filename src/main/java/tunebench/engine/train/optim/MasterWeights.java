package tunebench.engine.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FP32 master copies of a model's FP16 weights, as mixed-precision training keeps them
 * (Micikevicius et al., https://arxiv.org/abs/1710.03740, §3.1; apex's O2): forward and
 * backward use the FP16 weights, the optimizer updates the FP32 masters, and each update is
 * cast back into the FP16 weights. An FP16 weight alone would lose AdamW's updates, which are
 * often below half of an FP16 ulp of the weight (2^-11 relative) and round away.
 *
 * <p>One step: backward fills the FP16 gradients (scaled); {@link #gatherGradients} moves them
 * into the masters' FP32 gradients, where the loss scaler unscales and checks them, clipping
 * scales them, and AdamW reads them; after {@link AdamW#step}, {@link #copyToWeights}.
 */
public final class MasterWeights implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, PtNDArray> weights = new LinkedHashMap<>();
    private final Map<String, NDArray> masters = new LinkedHashMap<>();

    /**
     * @param weights the FP16 weights backward fills, each with requiresGradient on; the masters
     *     start as their exact FP32 values
     */
    public MasterWeights(Map<String, NDArray> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("no weights to keep masters of");
        }
        NDArray first = weights.values().iterator().next();
        this.manager = first.getManager().newSubManager(first.getDevice());
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Map.Entry<String, NDArray> e : weights.entrySet()) {
                if (!(e.getValue() instanceof PtNDArray w) || !w.hasGradient()) {
                    throw new IllegalArgumentException("weight \"" + e.getKey()
                            + "\" must be a PyTorch array with setRequiresGradient(true)");
                }
                NDArray master = w.toType(DataType.FLOAT32, true);
                master.attach(manager);
                // A caller's scope would otherwise close the masters when it ends.
                NDScope.unregister(master);
                master.setRequiresGradient(true);
                this.weights.put(e.getKey(), w);
                masters.put(e.getKey(), master);
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The FP32 masters by the weights' names, each with requiresGradient on (AdamW's parameters). */
    public Map<String, NDArray> masters() {
        return Collections.unmodifiableMap(masters);
    }

    /**
     * Adds each FP16 weight's gradient, cast to FP32 and still scaled, to its master's gradient
     * and zeroes the FP16 one. Weights no backward reached are left without a master gradient
     * this step, so AdamW skips them as torch skips a parameter whose grad is None.
     */
    public void gatherGradients() {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Map.Entry<String, PtNDArray> e : weights.entrySet()) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    PtNDArray half = e.getValue();
                    PtNDArray grad = JniUtils.getGradient(half);
                    if (grad == null) {
                        continue;
                    }
                    // Backward from a leaf with a given gradient accumulates it into the
                    // leaf's .grad: the one way DJL offers to write a gradient.
                    PtNDArray wide = (PtNDArray) grad.toType(DataType.FLOAT32, true);
                    JniUtils.backward((PtNDArray) masters.get(e.getKey()), wide, false, false);
                    JniUtils.zeroGrad(half);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Casts every master into its FP16 weight in place (after an update, or a restore). */
    public void copyToWeights() {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Map.Entry<String, PtNDArray> e : weights.entrySet()) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray half = masters.get(e.getKey()).toType(e.getValue().getDataType(), true);
                    // An indexed assignment copies in place; "zero then add" would turn a weight
                    // that once overflowed to inf into NaN (inf * 0) for good.
                    e.getValue().set(new NDIndex().addAllDim(), half);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Frees the masters and their gradients; the FP16 weights are the model's. */
    @Override
    public void close() {
        masters.values().forEach(m -> m.setRequiresGradient(false));
        manager.close();
    }
}
