package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.generate.TokenScorer;
import tunebench.engine.model.LoadedModel;
import tunebench.testing.Fixtures;

/** One base in memory, adapters attached once and switched per column. */
class ModelCacheTest {

    @TempDir
    Path home;

    private final List<String> loads = new ArrayList<>();

    @Test
    void loadsOnceAndSwitchesAdaptersWithoutReloading() throws Exception {
        Path model = CompareFixture.install(home);
        ColumnSource adapter = ColumnSource.adapter("fixture", CompareFixture.adapterDir(home));
        long[] prompt = {1, 104, 101};
        long[] text = {108, 108, 111, 32};
        try (ModelCache cache = new ModelCache()) {
            LoadedModel lm = cache.base(model, loads::add);
            assertSame(lm, cache.base(model, loads::add));
            cache.load(adapter, loads::add);
            cache.use(adapter, loads::add);
            float[] tuned = new TokenScorer(lm.model()).logProbs(prompt, text);
            cache.use(ColumnSource.BASE, loads::add);
            float[] base = new TokenScorer(lm.model()).logProbs(prompt, text);
            cache.use(adapter, loads::add);

            assertEquals(List.of("Loading model…", "Loading adapter fixture…"), loads);
            assertTrue(Fixtures.maxAbsDiff(tuned, base) > 1e-4, "the adapter is on in its column only");
            assertEquals(0f, Fixtures.maxAbsDiff(tuned, new TokenScorer(lm.model()).logProbs(prompt, text)));

            Path weights = CompareFixture.adapterDir(home).resolve("adapter_model.safetensors");
            Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 5_000));
            cache.use(adapter, loads::add);
            assertEquals(3, loads.size(), "an adapter trained again is read again");
        }
    }
}
