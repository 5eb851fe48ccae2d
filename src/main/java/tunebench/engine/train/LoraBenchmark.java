package tunebench.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.data.SftBatch;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.train.optim.AdamW;
import tunebench.engine.train.optim.GradientClipping;

/**
 * LoRA SFT training throughput on fixed token ids: the steps a real run takes (forward,
 * backward, global-norm clipping, AdamW on the adapter only), timed after a warm-up. The
 * PyTorch twin in docs/bench/lora_eager.py does the same work for comparison.
 */
public final class LoraBenchmark {

    /**
     * @param firstLoss loss of the first step; the adapter starts as a no-op (B = 0), so this is
     *     the base model's loss and any other implementation must match it
     */
    public record Result(int batch, int seq, int steps, double medianStepS, double tokensPerS,
            double firstLoss, long trainableParameters) {}

    private LoraBenchmark() {}

    /** r = 8, alpha = 16 on every projection, AdamW lr 1e-4 on the LoRA parameters. */
    public static Result run(LoadedModel lm, long[][] ids, int warmup, int iters) {
        return run(lm, ids, warmup, iters, false);
    }

    /** Like {@link #run(LoadedModel, long[][], int, int)}, optionally with gradient checkpointing. */
    public static Result run(LoadedModel lm, long[][] ids, int warmup, int iters,
            boolean gradientCheckpointing) {
        LoraAdapter adapter = LoraAdapter.create(lm.model(), "bench",
                LoraSpec.of(8, 16, 0.0, LoraSpec.ALL_PROJECTIONS, false), 1);
        try (AdamW optimizer = new AdamW(withGradients(adapter), 0.9, 0.999, 1e-8, 0.0);
                var work = lm.model().manager().newSubManager()) {
            adapter.activate(true);
            SftBatch batch = batchOf(ids);
            long labels = CausalLmLoss.countedTokens(batch.labels());
            double firstLoss = Double.NaN;
            double[] seconds = new double[iters];
            for (int i = 0; i < warmup + iters; i++) {
                long t0 = System.nanoTime();
                double loss = TrainingRun.microStep(lm, work, batch, labels, false,
                        gradientCheckpointing) / labels;
                GradientClipping.clipGlobalNorm(adapter.parameters().values(), 1.0);
                optimizer.step(1e-4);
                if (i == 0) {
                    firstLoss = loss;
                }
                if (i >= warmup) {
                    seconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
                }
            }
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            int tokens = ids.length * ids[0].length;
            return new Result(ids.length, ids[0].length, iters, median, tokens / median, firstLoss,
                    adapter.parameterCount());
        } finally {
            adapter.close();
        }
    }

    private static java.util.Map<String, ai.djl.ndarray.NDArray> withGradients(LoraAdapter adapter) {
        adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
        return adapter.parameters();
    }

    /** Every token is a target (no prompt masking): plain language-model training. */
    static SftBatch batchOf(long[][] ids) {
        int rows = ids.length;
        int width = ids[0].length;
        long[][] mask = new long[rows][width];
        long[][] positions = new long[rows][width];
        int[][] segments = new int[rows][width];
        List<long[]> labels = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Arrays.fill(mask[r], 1);
            Arrays.fill(segments[r], 1);
            for (int t = 0; t < width; t++) {
                positions[r][t] = t;
            }
            labels.add(ids[r].clone());
        }
        return new SftBatch(ids, mask, labels.toArray(new long[0][]), positions, segments,
                rows * (width - 1));
    }
}
