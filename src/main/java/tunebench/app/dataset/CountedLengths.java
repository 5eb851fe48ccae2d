package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetRecord;

/**
 * The Lengths chart's last finished count, kept so the whole-file check can report too-long
 * examples without tokenizing the file a second time.
 *
 * @param records the records counted, as they were
 * @param lines   each counted example's line (its record's line)
 * @param lengths each counted example's tokens after the chat template; -1 when it refused
 * @param counter what counted: "tunebench-tiny, chatml template"
 */
record CountedLengths(List<DatasetRecord> records, int[] lines, int[] lengths, String counter) {

    static final CountedLengths NONE = new CountedLengths(List.of(), new int[0], new int[0], "");

    CountedLengths {
        records = List.copyOf(records);
        if (lines.length != lengths.length) {
            throw new IllegalArgumentException("a line for each length");
        }
    }

    /**
     * A problem for each example over {@code maxLength} whose record is still one of {@code now}
     * (the same object: an edited record is counted again before it is reported again), with the
     * message the CLI's validator writes.
     */
    List<DataProblem> tooLong(int maxLength, Collection<DatasetRecord> now) {
        Set<DatasetRecord> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(now);
        Map<Integer, DatasetRecord> byLine = new HashMap<>();
        records.forEach(r -> byLine.putIfAbsent(r.line(), r));
        List<DataProblem> found = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            DatasetRecord record = byLine.get(lines[i]);
            if (lengths[i] > maxLength && lines[i] > 0 && record != null && present.contains(record)) {
                found.add(new DataProblem(lines[i], DataProblem.TOO_LONG, String.format(Locale.ROOT,
                        "%,d tokens (%s), over the max length of %,d: training cuts the rest",
                        lengths[i], counter, maxLength)));
            }
        }
        return found;
    }
}
