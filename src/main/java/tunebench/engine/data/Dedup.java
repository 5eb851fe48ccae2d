package tunebench.engine.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A document without its duplicates: exact copies dropped (the first kept), and optionally all
 * but the first of each near-duplicate cluster, as the validation report found them. Records
 * are matched to problems by line and keep their original text; the input is not touched.
 *
 * @param document     the document with the remaining records (same file, not saved)
 * @param exactLines   lines of the exact duplicates removed
 * @param nearLines    lines of the near duplicates removed
 */
public record Dedup(DatasetDocument document, List<Integer> exactLines, List<Integer> nearLines) {

    private static final int LINES_SHOWN = 10;

    public Dedup {
        exactLines = List.copyOf(exactLines);
        nearLines = List.copyOf(nearLines);
    }

    /**
     * @param report validation of this document as it stands (its lines must be current)
     * @param exact  drop exact duplicates
     * @param near   keep only the first of each near-duplicate cluster
     */
    public static Dedup of(DatasetDocument doc, ValidationReport report, boolean exact, boolean near) {
        Set<Integer> exactSet = new HashSet<>(exact ? lines(report, DataProblem.DUPLICATE) : List.of());
        Set<Integer> nearSet = new HashSet<>(near ? lines(report, DataProblem.NEAR_DUPLICATE) : List.of());
        List<DatasetRecord> kept = new ArrayList<>();
        List<Integer> exactRemoved = new ArrayList<>();
        List<Integer> nearRemoved = new ArrayList<>();
        for (DatasetRecord r : doc.records()) {
            if (!r.isRaw() && exactSet.contains(r.line())) {
                exactRemoved.add(r.line());
            } else if (!r.isRaw() && nearSet.contains(r.line())) {
                nearRemoved.add(r.line());
            } else {
                kept.add(r);
            }
        }
        return new Dedup(doc.withRecords(kept), exactRemoved, nearRemoved);
    }

    public int removed() {
        return exactLines.size() + nearLines.size();
    }

    /** "Removed 3 exact duplicates (lines 13, 40, 77) and 2 near-duplicates (lines 16, 90)." */
    public String summary() {
        if (removed() == 0) {
            return "No duplicates to remove.";
        }
        List<String> parts = new ArrayList<>();
        if (!exactLines.isEmpty()) {
            parts.add(Counting.of(exactLines.size(), "exact duplicate") + " (" + lineList(exactLines) + ")");
        }
        if (!nearLines.isEmpty()) {
            parts.add(Counting.of(nearLines.size(), "near-duplicate") + " (" + lineList(nearLines) + ")");
        }
        return "Removed " + String.join(" and ", parts) + "; " + document.records().size()
                + " records remain.";
    }

    private static List<Integer> lines(ValidationReport report, String kind) {
        return report.ofKind(kind).stream().map(DataProblem::line).toList();
    }


    private static String lineList(List<Integer> lines) {
        String shown = lines.stream().limit(LINES_SHOWN).map(String::valueOf)
                .collect(Collectors.joining(", "));
        String more = lines.size() > LINES_SHOWN ? " and " + (lines.size() - LINES_SHOWN) + " more" : "";
        return (lines.size() == 1 ? "line " : "lines ") + shown + more;
    }
}
