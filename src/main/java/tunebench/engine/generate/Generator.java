package tunebench.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tunebench.engine.generate.GeneratedText.FinishReason;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.KvCache;

/**
 * Autoregressive decoding with a KV cache: the prompt batch (left-padded) runs once, then one
 * token per step. Every step lives in its own NDScope, so native memory stays flat however
 * long the text. Without a cache, each step recomputes the whole sequence (for checks).
 */
public final class Generator {

    private final CausalLm model;
    private final Function<long[], String> decoder;
    private final long padId;

    /**
     * @param decoder turns new ids into text (the tokenizer), or null for ids only
     * @param padId id used to left-pad shorter prompts (never attended to)
     */
    public Generator(CausalLm model, Function<long[], String> decoder, long padId) {
        this.model = model;
        this.decoder = decoder;
        this.padId = padId;
    }

    /** Continues every prompt; all rows are decoded together. */
    public List<GeneratedText> generate(List<long[]> prompts, GenerationSpec spec,
            GenerationListener listener) {
        return run(prompts, spec, listener, true);
    }

    /** The same, recomputing the full sequence each step: slow, for checking the cache. */
    public List<GeneratedText> generateWithoutCache(List<long[]> prompts, GenerationSpec spec) {
        return run(prompts, spec, GenerationListener.NONE, false);
    }

    private List<GeneratedText> run(List<long[]> prompts, GenerationSpec spec,
            GenerationListener listener, boolean useCache) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        Batch batch = Batch.leftPadded(prompts, padId);
        long seed = spec.seed() != null ? spec.seed() : new SecureRandom().nextLong();
        Sampler sampler = new Sampler(spec, seed);
        RowState[] rows = new RowState[prompts.size()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new RowState(spec);
        }
        try (NDManager manager = model.manager().newSubManager();
                KvCache cache = useCache ? model.newCache() : null) {
            for (int step = 0; step < spec.maxNewTokens(); step++) {
                if (listener.cancelled()) {
                    finishAll(rows, FinishReason.CANCELLED);
                    break;
                }
                long[] next = step(manager, batch, cache, sampler, step == 0 || cache == null);
                batch.append(next, padId, rows);
                for (int r = 0; r < rows.length; r++) {
                    if (!rows[r].finished()) {
                        rows[r].accept(r, next[r], decoder, listener);
                    }
                }
                if (allFinished(rows)) {
                    break;
                }
            }
        }
        List<GeneratedText> out = new ArrayList<>();
        for (RowState row : rows) {
            out.add(row.result());
        }
        return out;
    }

    /** One forward and one draw, in a scope that frees every intermediate array. */
    private long[] step(NDManager manager, Batch batch, KvCache cache, Sampler sampler,
            boolean wholeSequence) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray ids = wholeSequence ? batch.ids(manager) : batch.lastIds(manager);
            NDArray mask = batch.padded() ? batch.mask(manager) : null;
            NDArray logits = model.forward(ids, mask, null, cache, true); // (batch, 1, vocab)
            NDArray last = logits.squeeze(1); // (batch, vocab)
            return sampler.next(last, sampler.needsHistory() ? batch.ids(manager) : null);
        }
    }

    private static void finishAll(RowState[] rows, FinishReason reason) {
        for (RowState row : rows) {
            if (!row.finished()) {
                row.finish(reason);
            }
        }
    }

    private static boolean allFinished(RowState[] rows) {
        for (RowState row : rows) {
            if (!row.finished()) {
                return false;
            }
        }
        return true;
    }
}
