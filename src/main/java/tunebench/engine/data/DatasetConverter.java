package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a dataset between formats through {@link Example}s, so content is kept: reading the
 * converted file gives the same conversations, categories and rejected replies wherever the
 * target can hold them. What it cannot hold is listed by line, never silently lost; a preference
 * file converted to an SFT format keeps the chosen replies and says so. Keys no format knows
 * ("id", "source") travel along with their record.
 */
public final class DatasetConverter {

    private DatasetConverter() {}

    /** The examples as a document of {@code target} for {@code out} (layout by its extension). */
    public static Conversion convert(ExampleSet set, DataFormat target, Path out) {
        return convert(set, Map.of(), target, out);
    }

    /**
     * Reads {@code source} (in {@code from}, or its detected format) and converts it, keeping the
     * keys its records have beyond their format's.
     */
    public static Conversion convert(DatasetDocument source, Optional<DataFormat> from,
            DataFormat target, Path out) {
        ExampleSet set = ExampleSet.read(source, from);
        Map<Integer, JsonNode> byLine = new HashMap<>();
        if (set.format() != null && set.format() != DataFormat.OASST) {
            source.records().stream().filter(r -> !r.isRaw() && r.node().isObject())
                    .forEach(r -> byLine.putIfAbsent(r.line(), r.node()));
        }
        return convert(set, byLine, target, out);
    }

    private static Conversion convert(ExampleSet set, Map<Integer, JsonNode> sources,
            DataFormat target, Path out) {
        DatasetLayout layout = DatasetLayout.forFile(out);
        String from = set.format() == null ? "this dataset" : set.format().displayName();
        if (layout.isTable() && target.isConversation()) {
            throw new DataFormat.NotRepresentable("a " + target.displayName() + " dataset cannot be a "
                    + layout.label() + " table: a table holds flat text fields; save it as .jsonl or .json");
        }
        boolean pairs = set.examples().stream().anyMatch(Example::isPreference);
        if (target == DataFormat.PREFERENCE && !pairs && !set.examples().isEmpty()) {
            throw new DataFormat.NotRepresentable("cannot convert " + from + " to preference pairs:"
                    + " its examples have no rejected reply to put in 'rejected'");
        }
        List<DatasetRecord> records = new ArrayList<>();
        List<Conversion.Skipped> skipped = new ArrayList<>();
        int droppedRejected = 0;
        int extrasKept = 0;
        for (int i = 0; i < set.examples().size(); i++) {
            Example e = set.examples().get(i);
            if (e.isPreference() && target != DataFormat.PREFERENCE && target != DataFormat.OASST) {
                e = new Example(e.messages(), null, e.category(), e.line());
                droppedRejected++;
            }
            try {
                if (target == DataFormat.OASST) {
                    OasstTrees.write(e, i).forEach(o -> records.add(DatasetRecord.of(o, null, 0)));
                    continue;
                }
                ObjectNode o = target.write(e);
                extrasKept += keepExtras(sources.get(e.line()), set.format(), target, o);
                records.add(DatasetRecord.of(o, null, 0));
            } catch (DataFormat.NotRepresentable refused) {
                skipped.add(new Conversion.Skipped(e.line(), refused.getMessage()));
            }
        }
        List<String> notes = notes(set, target, skipped.size(), droppedRejected, extrasKept);
        DatasetDocument doc = new DatasetDocument(out, layout, JsonStyle.defaultFor(layout), records);
        return new Conversion(doc, skipped, notes);
    }

    /** Copies the source record's keys its format gives no meaning to; returns 1 when any. */
    private static int keepExtras(JsonNode source, DataFormat from, DataFormat target, ObjectNode o) {
        if (source == null || from == null) {
            return 0;
        }
        Set<String> known = new HashSet<>(from.keys());
        known.addAll(from.fields());
        known.add("category");
        known.addAll(target.keys());
        known.addAll(target.fields());
        int kept = 0;
        for (var it = source.fields(); it.hasNext();) {
            var field = it.next();
            if (!known.contains(field.getKey()) && !o.has(field.getKey())) {
                o.set(field.getKey(), field.getValue().deepCopy());
                kept = 1;
            }
        }
        return kept;
    }

    private static List<String> notes(ExampleSet set, DataFormat target, int skipped,
            int droppedRejected, int extrasKept) {
        List<String> notes = new ArrayList<>();
        long unread = set.problems().stream().filter(DataProblem::isFatal).count();
        if (unread > 0) {
            notes.add(unread + (unread == 1 ? " record was" : " records were")
                    + " not converted: it could not be read (see the problems).");
        }
        if (droppedRejected > 0) {
            notes.add(droppedRejected + (droppedRejected == 1 ? " rejected reply was" : " rejected replies were")
                    + " dropped: " + target.displayName() + " keeps the chosen reply.");
        }
        if (target == DataFormat.OASST && set.examples().stream().anyMatch(Example::isPreference)) {
            notes.add("Rejected replies were written as rank-1 siblings of the chosen ones;"
                    + " reading the trees keeps the best-ranked (chosen) replies.");
        }
        if (skipped > 0) {
            notes.add(skipped + (skipped == 1 ? " example" : " examples") + " could not be written as "
                    + target.displayName() + " (listed with their lines).");
        }
        if (extrasKept > 0) {
            notes.add(extrasKept + (extrasKept == 1 ? " record keeps" : " records keep")
                    + " keys " + target.displayName() + " does not know (such as an id), as they were.");
        }
        return notes;
    }
}
