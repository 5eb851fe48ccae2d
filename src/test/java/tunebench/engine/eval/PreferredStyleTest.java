package tunebench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tunebench.engine.train.dpo.PreferenceDataset;
import tunebench.engine.train.dpo.PreferencePair;

/** The style rule separates the sample data's chosen replies from its rejected ones exactly. */
class PreferredStyleTest {

    @Test
    void everyChosenReplyFollowsTheRuleAndNoRejectedOneDoes() throws Exception {
        for (String file : new String[] {"sample-data/preferences.jsonl", "sample-data/preferences-eval.jsonl"}) {
            PreferenceDataset d = PreferenceDataset.read(Path.of(file));
            assertTrue(d.pairs().size() >= 100, file);
            for (PreferencePair p : d.pairs()) {
                assertTrue(PreferredStyle.follows(p.chosen()), file + ":" + p.line() + " " + p.chosen());
                assertFalse(PreferredStyle.dispreferred(p.chosen()), file + ":" + p.line() + " " + p.chosen());
                assertFalse(PreferredStyle.follows(p.rejected()), file + ":" + p.line() + " " + p.rejected());
                assertTrue(PreferredStyle.dispreferred(p.rejected()), file + ":" + p.line() + " " + p.rejected());
            }
        }
    }

    @Test
    void aBareAnswerIsNeitherStyle() {
        assertFalse(PreferredStyle.follows("The capital of Japan is Tokyo."));
        assertFalse(PreferredStyle.dispreferred("The capital of Japan is Tokyo."));
        assertTrue(PreferredStyle.follows("The capital of Japan is Tokyo. Happy to help!"));
        assertEquals(5, PreferredStyle.POLITE_CLOSERS.size());
    }
}
