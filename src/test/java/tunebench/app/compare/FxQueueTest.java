package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Coalescing: many tokens, few trips to the FX thread, order kept. */
class FxQueueTest {

    private final List<Runnable> sent = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FxQueue queue = new FxQueue(sent::add, 50, now::get);
    private final List<Integer> seen = new ArrayList<>();

    @Test
    void tokensWithinTheIntervalTravelInOneBatch() {
        for (int i = 0; i < 100; i++) {
            int n = i;
            queue.post(() -> seen.add(n));
        }
        assertEquals(1, sent.size(), "one trip scheduled for the first token");
        runSent();
        assertEquals(100, seen.size(), "the batch carries everything queued before it ran");

        queue.post(() -> seen.add(100)); // still within 50 ms of the last trip: waits
        assertEquals(0, sent.size());
        now.addAndGet(60_000_000L);
        queue.post(() -> seen.add(101));
        assertEquals(1, sent.size(), "after the interval the next token goes");
        runSent();
        assertEquals(102, seen.size());
    }

    @Test
    void postNowTakesWaitingTokensAlongInOrder() {
        queue.post(() -> seen.add(1));
        runSent();
        queue.post(() -> seen.add(2));
        queue.post(() -> seen.add(3));
        queue.postNow(() -> seen.add(4));
        assertEquals(1, sent.size());
        runSent();
        assertEquals(List.of(1, 2, 3, 4), seen);
        assertEquals(0, queue.waiting());
    }

    private void runSent() {
        List<Runnable> batch = new ArrayList<>(sent);
        sent.clear();
        batch.forEach(Runnable::run);
    }
}
