package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tunebench.engine.train.RunInfo;
import tunebench.engine.train.RunSummary;

/** The sentences a finished, stopped or lossy run leaves under the buttons. */
class RunTextTest {

    private static final Path HOME = Path.of("/home/me/tunebench");
    private static final HomePaths PATHS = new HomePaths(HOME);

    @Test
    void aFinishedRunNamesItsLossesAndWhereTheAdapterIs() {
        RunSummary s = new RunSummary(225, 0.41234, 54.4, HOME.resolve("runs/sft-lora/adapter"), false);
        assertEquals("Finished 225 steps in 54 s · final loss 0.4123 · eval loss 1.1400"
                + " · adapter saved in runs/sft-lora/adapter",
                RunText.summary(s, 225, 1.14, null, PATHS::shown));
    }

    @Test
    void aStoppedRunPointsAtItsCheckpoint() {
        RunSummary s = new RunSummary(40, 2.5, 10, null, true);
        assertEquals("Stopped at step 40 of 225. Checkpoint saved in runs/x/checkpoints/step-40;"
                + " Start offers to resume it.", RunText.summary(s, 225, Double.NaN,
                        HOME.resolve("runs/x/checkpoints/step-40"), PATHS::shown));
    }

    @Test
    void dataLossIsToldAndNothingWhenThereIsNone() {
        RunInfo lossy = new RunInfo(HOME, 0, 10, 5, 1, 2, 100, 10, 3, 1, List.of("line 7: no output"));
        assertEquals("Data: 3 examples were cut at max length; 1 left nothing to learn after the"
                + " cut and were dropped; 1 unusable line was skipped (line 7: no output).",
                RunText.dataNote(lossy));
        RunInfo clean = new RunInfo(HOME, 0, 10, 5, 1, 2, 100, 10, 0, 0, List.of());
        assertEquals("", RunText.dataNote(clean));
    }
}
