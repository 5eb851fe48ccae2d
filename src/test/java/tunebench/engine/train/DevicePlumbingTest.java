package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.SftBatch;
import tunebench.engine.eval.EvalExample;
import tunebench.engine.eval.EvalListener;
import tunebench.engine.eval.ExactMatch;
import tunebench.engine.eval.ExactMatchSpec;
import tunebench.engine.eval.Perplexity;
import tunebench.engine.eval.StyleRate;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.CausalLm;
import tunebench.engine.model.KvCache;
import tunebench.engine.model.Linear;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.train.optim.AdamW;
import tunebench.engine.train.reward.RewardFolders;
import tunebench.engine.train.reward.RewardModel;
import tunebench.testing.Fixtures;
import tunebench.testing.RandomCheckpoint;

/**
 * Nothing silently stays on the CPU: every array a LoRA step, its optimizer and a generation
 * hand the model descends from the model's own manager (so it lives on the model's device),
 * never from a fresh CPU manager. On this CPU-only machine the device check alone would be
 * trivial; the manager ancestry is what catches a stray {@code newBaseManager()}.
 */
class DevicePlumbingTest {

    @TempDir
    Path tmp;

    /** Fails when an input reaches the model from outside its manager tree or another device. */
    private static final class Checked implements CausalLm {
        private final CausalLm inner;
        int calls;

        Checked(CausalLm inner) {
            this.inner = inner;
        }

        void check(NDArray... inputs) {
            calls++;
            for (NDArray a : inputs) {
                if (a != null) {
                    assertOnModel(inner.manager(), a);
                }
            }
        }

        @Override public ModelConfig config() { return inner.config(); }
        @Override public NDArray forward(NDArray ids, NDArray mask, NDArray pos, KvCache c, boolean last) {
            check(ids, mask, pos);
            return inner.forward(ids, mask, pos, c, last);
        }
        @Override public NDArray forward(NDArray ids, NDArray mask, NDArray pos, KvCache c, boolean last,
                List<NDArray> hidden) {
            check(ids, mask, pos);
            return inner.forward(ids, mask, pos, c, last, hidden);
        }
        @Override public NDArray forwardPacked(NDArray ids, NDArray pos, NDArray seg) {
            check(ids, pos, seg);
            return inner.forwardPacked(ids, pos, seg);
        }
        @Override public void trainingBackward(NDArray ids, NDArray mask, NDArray pos, NDArray seg,
                boolean ckpt, Function<NDArray, NDArray> objective) {
            check(ids, mask, pos, seg);
            inner.trainingBackward(ids, mask, pos, seg, ckpt, objective);
        }
        @Override public KvCache newCache() { return inner.newCache(); }
        @Override public Map<String, NDArray> parameters() { return inner.parameters(); }
        @Override public Map<String, Linear> linears() { return inner.linears(); }
        @Override public NDManager manager() { return inner.manager(); }
        @Override public DataType computeType() { return inner.computeType(); }
        @Override public void close() { inner.close(); }
    }

    static void assertOnModel(NDManager model, NDArray a) {
        assertEquals(model.getDevice(), a.getDevice(), "array on another device");
        for (NDManager m = a.getManager(); m != null; m = m.getParentManager()) {
            if (m == model) {
                return;
            }
        }
        throw new AssertionError("an array of shape " + a.getShape() + " lives outside the model's"
                + " managers (a fresh manager would put it on the CPU on a GPU run)");
    }

    private static long[][] matrix(JsonNode n) {
        long[][] out = new long[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(n.get(i));
        }
        return out;
    }

    @Test
    void loraStepOptimizerAndGenerationStayOnTheModelsDevice() throws Exception {
        Device device = Device.cpu(); // a GPU machine runs this with Device.gpu()
        try (LoadedModel loaded = ModelLoader.load(Fixtures.tinyLlama(), device, DataType.FLOAT16)) {
            Checked model = new Checked(loaded.model());
            LoadedModel lm = new LoadedModel(loaded.folder(), loaded.config(),
                    loaded.generationConfig(), model, null, List.of());
            loaded.model().parameters().values().forEach(p -> assertEquals(device, p.getDevice()));
            LoraAdapter adapter = LoraAdapter.create(model, "default",
                    LoraSpec.of(4, 8, 0, List.of("q_proj", "v_proj"), false), 3);
            adapter.parameters().values().forEach(p -> {
                assertOnModel(model.manager(), p);
                p.setRequiresGradient(true);
            });
            adapter.activate(true);
            JsonNode sft = Fixtures.json(Fixtures.tinyLlama().resolve("sft.json"));
            long[][] ids = matrix(sft.get("input_ids"));
            long[][] labels = matrix(sft.get("labels"));
            long[][] positions = new long[ids.length][ids[0].length];
            SftBatch batch = new SftBatch(ids, matrix(sft.get("attention_mask")), labels, positions,
                    new int[ids.length][ids[0].length], (int) CausalLmLoss.countedTokens(labels));
            try (AdamW optimizer = new AdamW(adapter.parameters(), 0.9, 0.999, 1e-8, 0, false);
                    NDManager work = model.manager().newSubManager()) {
                double loss = TrainingRun.microStep(lm, work, batch, CausalLmLoss.countedTokens(labels),
                        false, false, 1024);
                assertTrue(Double.isFinite(loss));
                for (NDArray p : adapter.parameters().values()) {
                    assertOnModel(model.manager(), p.getGradient());
                }
                optimizer.step(1e-3);
            }
            adapter.activate(false);
            new Generator(model, x -> "", 0).generate(List.of(ids[0]), GenerationSpec.greedy(3),
                    GenerationListener.NONE);
            assertTrue(model.calls >= 4, "forward calls seen: " + model.calls);
            adapter.close();
        }
    }

    @Test
    void evaluationAndRewardScoresStayOnTheModelsDevice() throws Exception {
        Device device = Device.cpu(); // a GPU machine runs this with Device.gpu()
        Path base = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        Path reward = RewardFolders.write(base, tmp.resolve("reward"), 3);
        LoadedModel loaded = ModelLoader.load(base, device, DataType.FLOAT16);
        Checked model = new Checked(loaded.model());
        LoadedModel lm = new LoadedModel(loaded.folder(), loaded.config(), loaded.generationConfig(),
                model, loaded.tokenizerOrNull(), List.of());
        ChatTemplate chatml = ChatTemplate.chatml().withTokens(loaded.tokenizerOrNull().config());
        Conversation qa = Conversation.of(new ChatMessage("user", "Hi?"),
                new ChatMessage("assistant", "Hello. Thanks!"));

        // 1. perplexity, exact match and the preferred-style rate: the eval commands' paths
        assertTrue(Double.isFinite(new Perplexity(lm, chatml, 64, 2).run(List.of(qa, qa),
                EvalListener.NONE).perplexity()));
        new ExactMatch(lm, chatml, ExactMatchSpec.defaults().withMaxNewTokens(2)).score(List.of(
                new EvalExample(List.of(new ChatMessage("user", "Hi?")), "Hello.", 1)), EvalListener.NONE);
        new StyleRate(lm, chatml, 2, 2).run(List.of("Hi?", "Sky?", "Sea?"));
        int evalCalls = model.calls;
        assertTrue(evalCalls >= 5, "forward calls seen: " + evalCalls);

        // 2. a reward model on the same base: adapter, head and the scored batch
        try (RewardModel rm = RewardModel.on(lm, reward)) {
            assertOnModel(model.manager(), rm.head().weight());
            assertEquals(DataType.FLOAT32, rm.head().weight().getDataType());
            assertTrue(Double.isFinite(rm.score("Hi?", "Hello. Thanks!")));
            assertTrue(model.calls > evalCalls, "the score never reached the model");
        }
    }
}
