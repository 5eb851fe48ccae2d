package tunebench.app.dataset;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.Example;
import tunebench.engine.data.TokenCounter;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The Stats tab's token counter for one computation: a model's counter, with the counts of the
 * last computation kept by content, so after an edit only the changed texts are tokenized
 * again. It tells how many counts are done, and stops a computation that a newer one replaced
 * (by throwing {@link CancellationException} out of {@code DatasetStats.of}).
 */
final class StatsCounter implements TokenCounter {

    private static final Set<String> FIELD_ROLES = Set.of("system", "user", "assistant",
            Conversation.TEXT_ROLE);

    private final TokenCounter model;
    private final Map<Long, Integer> known; // the last computation's counts
    private final Map<Long, Integer> now = new ConcurrentHashMap<>(); // this one's, for the next
    private final BooleanSupplier cancelled;
    private final IntConsumer progress;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger tokenized = new AtomicInteger();

    StatsCounter(TokenCounter model, Map<Long, Integer> known, BooleanSupplier cancelled,
            IntConsumer progress) {
        this.model = model;
        this.known = known;
        this.cancelled = cancelled;
        this.progress = progress;
    }

    @Override
    public int count(Example example) {
        long key = hash(example);
        Integer n = lookUp(key);
        if (n == null) {
            n = model.count(example); // a refusal is not kept: it throws before this line
            tokenized.incrementAndGet();
        }
        return kept(key, n);
    }

    @Override
    public int countText(String text) {
        long key = hash(text, 0x2545f4914f6cdd1dL); // another seed than examples: no crossed keys
        Integer n = lookUp(key);
        if (n == null) {
            n = model.countText(text);
            tokenized.incrementAndGet();
        }
        return kept(key, n);
    }

    private Integer lookUp(long key) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("a newer computation replaced this one");
        }
        Integer n = now.get(key);
        return n != null ? n : known.get(key);
    }

    private int kept(long key, int n) {
        now.put(key, n);
        progress.accept(done.incrementAndGet());
        return n;
    }

    /** The counts of this computation: what the next one may reuse. */
    Map<Long, Integer> counts() {
        return now;
    }

    /** How many counts went to the tokenizer (the rest were known). */
    int tokenized() {
        return tokenized.get();
    }

    @Override
    public int contextLength() {
        return model.contextLength();
    }

    @Override
    public String describe() {
        return model.describe();
    }

    /** How many counts a computation over these examples makes: each field text, then each example. */
    static int countsFor(Iterable<Example> examples) {
        int n = 0;
        for (Example e : examples) {
            n += 1 + (e.rejected() != null ? 1 : 0)
                    + (int) e.messages().stream().map(ChatMessage::role).filter(FIELD_ROLES::contains)
                            .distinct().count();
        }
        return n;
    }

    /** 64 bits: with 100,000 examples a 32-bit hash would likely collide. */
    static long hash(Example e) {
        long h = LengthsViewModel.hash(e.conversation());
        return e.rejected() == null ? h : h * 31 + hash(e.rejected(), h);
    }

    private static long hash(String s, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
