package tunebench.app.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tunebench.engine.train.EvalMetrics;

/**
 * One evaluation in the probe timeline: its step, eval loss and perplexity, and each probe's
 * answer marked against the evaluation before it, so the user sees which answers moved.
 */
record EvalEntry(int step, double evalLoss, double evalPpl, List<Probe> probes) {

    enum Change {
        /** The first answer seen to this prompt. */
        FIRST,
        SAME,
        CHANGED
    }

    /** @param previous the answer at the evaluation before; null for {@link Change#FIRST} */
    record Probe(String prompt, String output, String previous, Change change) {}

    EvalEntry {
        probes = List.copyOf(probes);
    }

    /** @param before the previous evaluation of the same run, or null */
    static EvalEntry of(EvalMetrics m, EvalEntry before) {
        Map<String, String> earlier = new HashMap<>();
        if (before != null) {
            before.probes().forEach(p -> earlier.put(p.prompt(), p.output()));
        }
        List<Probe> probes = new ArrayList<>();
        for (EvalMetrics.ProbeOutput p : m.probes()) {
            String previous = earlier.get(p.prompt());
            Change change = previous == null ? Change.FIRST
                    : previous.equals(p.output()) ? Change.SAME : Change.CHANGED;
            probes.add(new Probe(p.prompt(), p.output(), previous, change));
        }
        return new EvalEntry(m.step(), m.evalLoss(), m.evalPpl(), probes);
    }

    long changedCount() {
        return probes.stream().filter(p -> p.change() == Change.CHANGED).count();
    }
}
