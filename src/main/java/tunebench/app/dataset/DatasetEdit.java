package tunebench.app.dataset;

import java.util.List;

/**
 * One undoable change to the rows of the Dataset screen (Scene Builder's jobs): it can be
 * applied, reverted, and described for the Undo button's tooltip.
 */
interface DatasetEdit {

    void apply();

    void revert();

    /** "edit output of example 12", read after "Undo " or "Redo ". */
    String description();

    /** The rows to select once the edit has been applied, or reverted. */
    List<DatasetRow> rowsToShow(boolean reverted);
}
