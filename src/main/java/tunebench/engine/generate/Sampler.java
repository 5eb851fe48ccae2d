package tunebench.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * Picks the next token of every row from its logits, in transformers' order: repetition
 * penalty, then temperature, top-k and top-p, then a draw. The draw is inverse-CDF sampling
 * with one uniform number per row from a seeded Java generator, so a seed gives the same text
 * on every machine and device (DJL has no seeded multinomial).
 */
final class Sampler {

    private final GenerationSpec spec;
    private final SplittableRandom random;

    Sampler(GenerationSpec spec, long seed) {
        this.spec = spec;
        this.random = new SplittableRandom(seed);
    }

    /** Whether {@link #next} needs the ids so far (for the repetition penalty). */
    boolean needsHistory() {
        return spec.repetitionPenalty() != 1.0;
    }

    /**
     * @param logits (batch, vocab) float32
     * @param seenIds (batch, n) int64 ids of prompt and generated tokens, for the penalty
     * @return the chosen token of each row
     */
    long[] next(NDArray logits, NDArray seenIds) {
        NDArray scores = logits;
        if (spec.repetitionPenalty() != 1.0 && seenIds != null) {
            scores = penalize(scores, seenIds, (float) spec.repetitionPenalty());
        }
        if (spec.greedy()) {
            return scores.argMax(1).toType(DataType.INT64, false).toLongArray();
        }
        scores = scores.div((float) spec.temperature());
        if (spec.topK() > 0 && spec.topK() < scores.getShape().get(1)) {
            scores = topK(scores, spec.topK());
        }
        return draw(scores.softmax(1), (float) spec.topP());
    }

    /** CTRL's penalty: seen tokens' logits are divided by p when positive, multiplied when not. */
    static NDArray penalize(NDArray scores, NDArray seenIds, float p) {
        NDArray seen = scores.gather(seenIds, 1); // (batch, n)
        NDArray penalized = NDArrays.where(seen.lt(0f), seen.mul(p), seen.div(p));
        return scores.scatter(seenIds, penalized, 1);
    }

    /** Everything below the k-th largest logit of its row becomes -inf. */
    static NDArray topK(NDArray scores, int k) {
        NDArray kth = scores.topK(k, 1, true, true).get(0).get(":, -1:"); // (batch, 1)
        NDManager m = scores.getManager();
        NDArray negInf = m.full(scores.getShape(), Float.NEGATIVE_INFINITY);
        return NDArrays.where(scores.lt(kth), negInf, scores);
    }

    /**
     * Nucleus filtering and the draw, both in descending-probability order: a token is kept
     * while the probability mass before it is below top_p (transformers' rule, seen from the
     * other end), then u ~ U(0, kept mass) selects by cumulative sum.
     */
    private long[] draw(NDArray probs, float topP) {
        long batch = probs.getShape().get(0);
        NDArray order = probs.argSort(1, false); // (batch, vocab) most likely first
        NDArray sorted = probs.gather(order, 1);
        NDArray cumulative = sorted.cumSum(1);
        if (topP < 1f) {
            NDArray before = cumulative.sub(sorted);
            sorted = sorted.mul(before.lt(topP).toType(DataType.FLOAT32, false));
            cumulative = sorted.cumSum(1);
        }
        float[] u = new float[(int) batch];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) random.nextDouble();
        }
        NDArray total = cumulative.get(":, -1:"); // (batch, 1)
        NDArray target = probs.getManager().create(u).reshape(batch, 1).mul(total);
        NDArray rank = cumulative.lte(target).toType(DataType.INT64, false).sum(new int[] {1})
                .minimum(probs.getShape().get(1) - 1); // (batch)
        NDArray chosen = order.gather(rank.reshape(batch, 1), 1); // (batch, 1)
        return chosen.toType(DataType.INT64, false).toLongArray();
    }
}
