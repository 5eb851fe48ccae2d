package tunebench.app.compare;

/**
 * A copy of a comparison's finished token ids, taken on the FX thread, that a worker can read
 * while the comparison itself stays on the FX thread.
 */
final class FrozenTexts implements ComparisonJob.Texts {

    private final long[][] prompts;
    private final long[][][] outputs;

    private FrozenTexts(long[][] prompts, long[][][] outputs) {
        this.prompts = prompts;
        this.outputs = outputs;
    }

    /** Prompts not finished yet get nulls; the caller asks only for finished ones. */
    static FrozenTexts of(Comparison c) {
        int n = c.prompts().size();
        long[][] prompts = new long[n][];
        long[][][] outputs = new long[n][c.columns().size()][];
        for (int p = 0; p < n; p++) {
            PromptResult r = c.prompt(p);
            prompts[p] = r.promptIds();
            for (int col = 0; col < c.columns().size(); col++) {
                var result = r.output(col).result();
                outputs[p][col] = result == null ? null : result.ids();
            }
        }
        return new FrozenTexts(prompts, outputs);
    }

    @Override
    public long[] promptIds(int prompt) {
        return prompts[prompt];
    }

    @Override
    public long[] outputIds(int prompt, int column) {
        return outputs[prompt][column];
    }
}
