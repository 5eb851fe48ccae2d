package tunebench.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embeddings in Hugging Face's rotate-half convention (the two halves of each
 * head are rotated as pairs, not interleaved), with transformers' linear, dynamic-NTK and
 * llama3 frequency scaling. RoFormer: https://arxiv.org/abs/2104.09864
 */
public final class RotaryEmbedding {

    private final int dim;
    private final double base;
    private final RopeScaling scaling;
    private final int maxPositionEmbeddings;
    private final float[] invFreq;

    public RotaryEmbedding(int dim, double base, RopeScaling scaling, int maxPositionEmbeddings) {
        this.dim = dim;
        this.base = base;
        this.scaling = scaling;
        this.maxPositionEmbeddings = maxPositionEmbeddings;
        float[] f = inverseFrequencies(base, dim);
        this.invFreq = "llama3".equals(scaling.type()) ? llama3(f, scaling) : f;
    }

    /** inv_freq = 1 / base^(2i/dim), in float32 as transformers computes it. */
    static float[] inverseFrequencies(double base, int dim) {
        float[] out = new float[dim / 2];
        for (int i = 0; i < out.length; i++) {
            float exponent = (float) (2 * i) / (float) dim;
            out[i] = 1.0f / (float) Math.pow((float) base, exponent);
        }
        return out;
    }

    /** transformers' _compute_llama3_parameters: stretch long wavelengths, keep short ones. */
    static float[] llama3(float[] invFreq, RopeScaling s) {
        double oldContext = s.originalMaxPositionEmbeddings();
        double lowWavelen = oldContext / s.lowFreqFactor();
        double highWavelen = oldContext / s.highFreqFactor();
        float[] out = new float[invFreq.length];
        for (int i = 0; i < invFreq.length; i++) {
            double wavelen = 2 * Math.PI / invFreq[i];
            float scaled = wavelen > lowWavelen ? (float) (invFreq[i] / s.factor()) : invFreq[i];
            boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
            if (medium) {
                double smooth = (oldContext / wavelen - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                scaled = (float) ((1 - smooth) * scaled / s.factor() + smooth * scaled);
            }
            out[i] = scaled;
        }
        return out;
    }

    /**
     * cos and sin for the given positions.
     *
     * @param positionIds (batch, seq) integer positions
     * @return {cos, sin}, each (batch, 1, seq, head_dim) in float32
     */
    public NDArray[] cosSin(NDArray positionIds) {
        NDManager m = positionIds.getManager();
        // Dynamic NTK sizes its base by the longest sequence, as transformers: max(position)+1.
        long seqLen = "dynamic".equals(scaling.type()) ? positionIds.max().getLong() + 1 : 0;
        NDArray inv = m.create(frequenciesFor(seqLen)); // (dim/2)
        NDArray pos = positionIds.toType(DataType.FLOAT32, false);
        if ("linear".equals(scaling.type())) {
            pos = pos.div((float) scaling.factor());
        }
        NDArray freqs = pos.expandDims(-1).mul(inv); // (batch, seq, dim/2)
        NDArray emb = NDArrays.concat(new NDList(freqs, freqs), 2); // (batch, seq, dim)
        return new NDArray[] {emb.cos().expandDims(1), emb.sin().expandDims(1)};
    }

    /** Dynamic NTK raises the base once the sequence outgrows the trained context. */
    private float[] frequenciesFor(long seqLen) {
        if (!"dynamic".equals(scaling.type()) || seqLen <= maxPositionEmbeddings) {
            return invFreq;
        }
        double f = scaling.factor();
        double grown = base * Math.pow(f * seqLen / maxPositionEmbeddings - (f - 1),
                (double) dim / (dim - 2));
        return inverseFrequencies(grown, dim);
    }

    /** Rotates x (batch, heads, seq, head_dim): x*cos + rotate_half(x)*sin. */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        return x.mul(cos).add(rotateHalf(x).mul(sin));
    }

    /** cat(-x2, x1) over the last axis, where x1 and x2 are the two halves. */
    static NDArray rotateHalf(NDArray x) {
        int last = x.getShape().dimension() - 1; // split rejects axis -1
        NDList halves = x.split(2, last);
        return NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), last);
    }

    public int dim() {
        return dim;
    }
}
