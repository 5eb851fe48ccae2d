package tunebench.engine.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The training forward and backward of {@link LlamaModel}, with or without gradient
 * checkpointing (Chen et al., https://arxiv.org/abs/1604.06174; transformers'
 * {@code gradient_checkpointing_enable()}). DJL has no autograd.Function hook, so
 * checkpointing is built from plain backward calls: the layers first run with recording off,
 * keeping only each layer's input; then the head's backward yields dL/dh for the last hidden
 * state, and each layer, newest first, is recomputed from its saved input (a fresh leaf) and
 * back-propagated with that incoming gradient, which accumulates its parameters' gradients
 * and leaves dL/dinput on the leaf for the layer below. Gradients are the ones one backward
 * over the whole graph gives; only one layer's activations exist at a time.
 */
final class LlamaTrainingPass {

    private LlamaTrainingPass() {}

    static void run(LlamaModel model, NDArray inputIds, NDArray[] cosSin, NDArray mask,
            boolean checkpoint, Function<NDArray, NDArray> objective) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            LayerSeeds seeds = new LayerSeeds(inputIds);
            if (checkpoint) {
                checkpointed(model, inputIds, cosSin, mask, seeds, objective);
            } else {
                whole(model, inputIds, cosSin, mask, seeds, objective);
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** One graph over everything, one backward: the reference checkpointing must equal. */
    private static void whole(LlamaModel model, NDArray inputIds, NDArray[] cosSin, NDArray mask,
            LayerSeeds seeds, Function<NDArray, NDArray> objective) {
        NDArray hidden = model.embed(inputIds);
        List<LlamaDecoderLayer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            seeds.seed(i);
            hidden = LlamaModel.scoped(layers.get(i), hidden, cosSin, mask, null);
        }
        NDArray loss = objective.apply(model.head(hidden));
        JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
    }

    private static void checkpointed(LlamaModel model, NDArray inputIds, NDArray[] cosSin,
            NDArray mask, LayerSeeds seeds, Function<NDArray, NDArray> objective) {
        List<LlamaDecoderLayer> layers = model.layers();
        int n = layers.size();
        // 1. the embedding records its lookup (it trains in full fine-tuning); the layers do not
        NDArray embedded = model.embed(inputIds); // (batch, seq, hidden)
        NDArray[] inputs = new NDArray[n + 1]; // inputs[i] enters layer i; inputs[n] is the last
        inputs[0] = embedded.stopGradient();
        JniUtils.setGradMode(false);
        try {
            for (int i = 0; i < n; i++) {
                seeds.seed(i);
                inputs[i + 1] = LlamaModel.scoped(layers.get(i), inputs[i], cosSin, mask, null);
            }
        } finally {
            JniUtils.setGradMode(true);
        }
        // 2. norm, lm_head and the objective with recording: dL/dh for the last hidden state
        NDArray grad = leafBackward(inputs[n], x -> objective.apply(model.head(x)), null);
        inputs[n].close();
        // 3. each layer again from its saved input, with the gradient from above
        for (int i = n - 1; i >= 0; i--) {
            LlamaDecoderLayer layer = layers.get(i);
            seeds.seed(i);
            NDArray above = grad;
            grad = leafBackward(inputs[i], x -> layer.forward(x, cosSin, mask, null), above);
            above.close();
            inputs[i].close();
        }
        // 4. into the embedding table, when it trains
        // (DJL's requiresGrad reads false for the lookup's non-leaf result, and its grad_fn
        // query crashes on a tensor without one: ask the table, a leaf, instead)
        if (model.embeddingTrains()) {
            JniUtils.backward((PtNDArray) embedded, (PtNDArray) grad, false, false);
        }
        grad.close();
    }

    /**
     * Runs {@code f} on {@code x} made a leaf that requires grad, back-propagates
     * {@code outGrad} (ones for a scalar when null) and returns dL/dx. What {@code f} created
     * is freed here, so the graph of one layer is all that exists at a time.
     */
    private static NDArray leafBackward(NDArray x, UnaryOperator<NDArray> f, NDArray outGrad) {
        NDArray grad;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            x.setRequiresGradient(true);
            NDArray y = f.apply(x);
            NDArray seed = outGrad != null ? outGrad : y.onesLike();
            JniUtils.backward((PtNDArray) y, (PtNDArray) seed, false, false);
            grad = x.getGradient();
            NDScope.unregister(grad);
        }
        NDScope.register(grad);
        return grad;
    }

    /**
     * Seeds libtorch's generator before each layer from one draw per pass, so dropout inside a
     * layer is a function of (draw, layer) and a recomputed layer repeats its masks exactly.
     * The draw itself follows the generator's state, which the loop seeds per step.
     */
    private static final class LayerSeeds {
        private final long base;

        LayerSeeds(NDArray like) {
            try (NDArray draw = like.getManager().randomInteger(0, 1L << 30, new Shape(),
                    DataType.INT64)) {
                this.base = draw.getLong();
            }
        }

        void seed(int layer) {
            // libtorch's generator only: Engine.setRandomSeed would also reseed DJL's Java RNG
            JniUtils.setSeed(base + 7919L * layer);
        }
    }
}
