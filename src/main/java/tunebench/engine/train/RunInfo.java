package tunebench.engine.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run is about to do, known once model and data are ready.
 *
 * @param startStep first step to run (non-zero when resuming)
 * @param trainableParameters parameters the optimizer updates
 * @param totalParameters base model plus adapter parameters, as PEFT counts "all params"
 * @param truncated training examples cut at max_length
 * @param dropped examples left with nothing to learn after truncation
 * @param dataProblems lines of the data file that could not be used, described
 */
public record RunInfo(Path runDir, int startStep, int totalSteps, int batchesPerEpoch,
        long trainableParameters, long totalParameters, int trainExamples,
        int validationExamples, int truncated, int dropped, List<String> dataProblems) {

    /** Trainable share in percent, as PEFT's print_trainable_parameters reports it. */
    public double trainablePercent() {
        return totalParameters == 0 ? 0 : 100.0 * trainableParameters / totalParameters;
    }
}
