package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tunebench.engine.data.DataProblem;

/**
 * Puts the problems of a whole-file validation on the rows they name by line. A row's own
 * problem (its record checked alone, kept current while editing) is not repeated; a problem for
 * a line no row starts on any more (the rows changed since) is dropped.
 */
final class FileProblems {

    private FileProblems() {}

    static void attach(List<DatasetRow> rows, List<DataProblem> found) {
        Map<Integer, DatasetRow> byLine = new HashMap<>();
        for (DatasetRow row : rows) {
            if (row.record().line() > 0) {
                byLine.putIfAbsent(row.record().line(), row);
            }
        }
        Map<DatasetRow, List<RowProblem>> perRow = new HashMap<>();
        for (DataProblem p : found) {
            DatasetRow row = byLine.get(p.line());
            if (row == null || repeatsOwn(row, p)) {
                continue;
            }
            DatasetRow related = p.hasRelatedLine() ? byLine.get(p.relatedLine()) : null;
            RowProblem entry = new RowProblem(row, p, related);
            List<RowProblem> list = perRow.computeIfAbsent(row, r -> new ArrayList<>());
            if (!list.contains(entry)) {
                list.add(entry);
            }
        }
        for (DatasetRow row : rows) {
            row.setFileProblems(perRow.getOrDefault(row, List.of()));
        }
    }

    /** Whether the row's own check already says this (the validator repeats per-record checks). */
    private static boolean repeatsOwn(DatasetRow row, DataProblem p) {
        DataProblem own = row.ownProblem();
        return own != null && own.kind().equals(p.kind());
    }
}
