package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.testing.Fixtures;

/** The header-only count against adapters really created on the fixture model. */
class TrainableParametersTest {

    private static final List<List<String>> TARGETS = List.of(
            LoraMethod.DEFAULT_TARGET_MODULES,
            List.of("q_proj", "v_proj"),
            List.of("down_proj"),
            List.of(LoraMethod.ALL_LINEAR),
            List.of("lm_head"),
            List.of("layers.1.self_attn.q_proj"));

    @Test
    void loraCountEqualsTheParametersOfACreatedAdapter() throws Exception {
        ModelInfo info = ModelInfo.inspect(Fixtures.tinyLlama());
        try (LoadedModel lm = ModelLoader.load(Fixtures.tinyLlama())) {
            long base = 0;
            for (NDArray p : lm.model().parameters().values()) {
                base += p.size();
            }
            for (int r : new int[] {1, 8}) {
                for (List<String> targets : TARGETS) {
                    LoraMethod method = LoraMethod.defaults().withR(r).withTargetModules(targets);
                    TrainableParameters estimate =
                            TrainableParameters.estimate(info, method).orElseThrow();
                    try (LoraAdapter adapter = LoraAdapter.create(lm.model(), "count",
                            LoraSpec.of(r, 16, 0, targets, false), 1)) {
                        String what = "r=" + r + " " + targets;
                        assertEquals(adapter.parameterCount(), estimate.trainable(), what);
                        assertEquals(base + adapter.parameterCount(), estimate.total(), what);
                    }
                }
            }
        }
    }

    @Test
    void fullFineTuningTrainsEveryStoredWeight() throws Exception {
        ModelInfo info = ModelInfo.inspect(Fixtures.tinyLlama());
        TrainableParameters full = TrainableParameters.estimate(info, new FullMethod()).orElseThrow();
        assertEquals(133_440, full.trainable());
        assertEquals(133_440, full.total());
        assertEquals(100.0, full.percent(), 1e-12);
    }

    /** What `train --config sample-data/runs/sft-lora.json` prints for the bundled model. */
    @Test
    void sampleRecipeOnTheBundledModelMatchesTheTrainer() throws Exception {
        ModelInfo info = ModelInfo.inspect(Path.of("assets/models/tunebench-tiny"));
        LoraMethod r16 = LoraMethod.defaults().withR(16).withAlpha(32);
        TrainableParameters p = TrainableParameters.estimate(info, r16).orElseThrow();
        assertEquals(448_512, p.trainable());
        assertEquals(5_924_096, p.total());
        assertEquals(7.571, p.percent(), 5e-4);
    }

    @Test
    void targetsThatMatchNoLayerTrainNothing() throws Exception {
        ModelInfo info = ModelInfo.inspect(Fixtures.tinyLlama());
        LoraMethod gpt2Names = LoraMethod.defaults().withTargetModules(List.of("c_attn"));
        assertEquals(0, TrainableParameters.estimate(info, gpt2Names).orElseThrow().trainable());
    }

    @Test
    void anInvalidMethodHasNoCount() throws Exception {
        ModelInfo info = ModelInfo.inspect(Fixtures.tinyLlama());
        assertTrue(TrainableParameters.estimate(info, LoraMethod.defaults().withR(0)).isEmpty());
    }

    @Test
    void checklistNamesAreTheDistinctProjectionsInModelOrder() throws Exception {
        ModelInfo info = ModelInfo.inspect(Fixtures.tinyLlama());
        assertEquals(LoraMethod.DEFAULT_TARGET_MODULES,
                TrainableParameters.linearModuleNames(info.config()));
    }
}
