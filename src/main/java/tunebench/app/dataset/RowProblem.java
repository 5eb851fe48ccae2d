package tunebench.app.dataset;

import tunebench.engine.data.DataProblem;

/**
 * One problem of a row, as the problems list shows it, with the row it repeats for a duplicate
 * (held as the row, not its line, so it still points right after rows move or a save renumbers).
 *
 * @param related the row a duplicate or near-duplicate repeats; null when there is none
 */
public record RowProblem(DatasetRow row, DataProblem problem, DatasetRow related) {

    /** "duplicate of line 2", or "" when the problem names no other row. */
    public String relatedText() {
        if (related == null) {
            return "";
        }
        String what = DataProblem.NEAR_DUPLICATE.equals(problem.kind()) ? "near-duplicate of "
                : DataProblem.DUPLICATE.equals(problem.kind()) ? "duplicate of " : "see ";
        return what + related.lineText();
    }
}
