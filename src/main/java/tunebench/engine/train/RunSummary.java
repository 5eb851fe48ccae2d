package tunebench.engine.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param output the final adapter (LoRA) or model folder (full); null when stopped early
 * @param stoppedEarly stopped by the user (a checkpoint was written first)
 */
public record RunSummary(int steps, double finalLoss, double elapsedS, Path output,
        boolean stoppedEarly) {}
