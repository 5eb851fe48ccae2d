package tunebench.app.train;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Start was pressed for a run whose folder already holds one: the screen asks whether to
 * resume that run from its newest checkpoint or start afresh under a free name.
 *
 * @param checkpointStep the newest checkpoint's step; empty when there is nothing to resume
 * @param finished the run got to its last step: there is nothing left to resume
 * @param newName the run name a fresh start would use
 * @param newOutputDir the output_dir a fresh start would use (null: runs/newName)
 */
record RunConflict(Path runDir, String shownDir, OptionalInt checkpointStep, boolean finished,
        String newName, String newOutputDir) {

    boolean canResume() {
        return checkpointStep.isPresent() && !finished;
    }
}
