package tunebench.engine.train.dpo;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.adapter.LoraWeights;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.testing.Fixtures;

/** The reference switch: the base with the adapter off, or a frozen copy of a starting adapter. */
class DpoReferenceTest {

    private static final Path ADAPTER = Fixtures.tinyLlama().resolve("adapter");

    private LoadedModel loaded;
    private NDManager m;
    private DpoBatch batch;

    @BeforeEach
    void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
        m = loaded.model().manager().newSubManager();
        List<PreferenceExample> examples = new ArrayList<>();
        for (JsonNode e : Fixtures.json(Fixtures.tinyLlama().resolve("dpo.json")).get("examples")) {
            examples.add(PreferenceEncoder.fromIds(Fixtures.longs(e.get("prompt")),
                    Fixtures.longs(e.get("chosen")), Fixtures.longs(e.get("rejected")),
                    OptionalLong.of(1), OptionalLong.of(2), 1024, 512, 0));
        }
        batch = DpoBatch.of(examples, 0);
    }

    @AfterEach
    void close() {
        m.close();
        loaded.close();
    }

    /** Log-probs of the batch's completions under whatever the model runs now. */
    private float[] current() {
        NDArray logits = loaded.model().forward(batch.inputIds(m), batch.attentionMask(m),
                batch.positionIds(m), null, false);
        return SequenceLogProbs.of(logits, batch.labels(m), false).toFloatArray();
    }

    private float[] reference(DpoReference reference) {
        return reference.logProbs(batch.inputIds(m), batch.attentionMask(m), batch.positionIds(m),
                batch.labels(m), false).toFloatArray();
    }

    @Test
    void referenceIsTheBaseWithTheAdapterOffAndThePolicyComesBack() throws Exception {
        float[] base = current();
        try (LoraAdapter policy = PeftAdapterReader.read(loaded.model(), "default", ADAPTER);
                DpoReference reference = DpoReference.baseModel(policy)) {
            reference.usePolicy(true);
            float[] policyBefore = current();
            float[] ref = reference(reference);
            float[] policyAfter = current();
            assertTrue(Fixtures.maxAbsDiff(base, ref) <= 1e-6, "reference differs from the base");
            assertTrue(Fixtures.maxAbsDiff(policyBefore, ref) > 1e-3, "policy equals the reference");
            assertTrue(Fixtures.maxAbsDiff(policyBefore, policyAfter) <= 1e-6,
                    "the policy was not switched back on after the reference pass");
        }
    }

    @Test
    void frozenCopyOfAStartingAdapterStaysPutWhileThePolicyMoves() throws Exception {
        float[] base = current();
        try (LoraAdapter policy = PeftAdapterReader.read(loaded.model(), "default", ADAPTER)) {
            DpoReference reference = DpoReference.frozenCopy(policy, ADAPTER);
            reference.usePolicy(true);
            float[] ref = reference(reference);
            assertTrue(Fixtures.maxAbsDiff(current(), ref) <= 1e-6, "policy and reference differ at the start");
            assertTrue(Fixtures.maxAbsDiff(base, ref) > 1e-3, "the reference lost the SFT adapter");

            // A training step's worth of change to the policy's B matrices only.
            for (LoraWeights w : policy.layers().values()) {
                w.b().addi(w.b().onesLike().mul(0.01f));
            }
            assertTrue(Fixtures.maxAbsDiff(current(), ref) > 1e-4, "policy did not move");
            assertTrue(Fixtures.maxAbsDiff(reference(reference), ref) <= 1e-6, "the reference moved with the policy");

            String layer = policy.layers().keySet().iterator().next();
            assertNotNull(loaded.model().linears().get(layer).adapter(DpoReference.REFERENCE_ADAPTER));
            reference.close();
            assertNull(loaded.model().linears().get(layer).adapter(DpoReference.REFERENCE_ADAPTER),
                    "closing the reference should remove its adapter copy");
        }
    }
}
