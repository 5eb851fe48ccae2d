package tunebench.engine.train.dpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.testing.Fixtures;

/**
 * DPO against TRL 0.7.11 + PEFT (tiny-llama/dpo.json): the batch TRL builds, the loss,
 * rewards and log-probs of every loss type the fixture holds, and the LoRA gradients of the
 * sigmoid loss. Policy = base + the fixture adapter, reference = the base (adapter off).
 */
class DpoFixtureTest {

    private LoadedModel loaded;
    private JsonNode dpo;
    private LoraAdapter adapter;
    private DpoReference reference;

    @BeforeEach
    void load() throws Exception {
        loaded = ModelLoader.load(Fixtures.tinyLlama());
        dpo = Fixtures.json(Fixtures.tinyLlama().resolve("dpo.json"));
        adapter = PeftAdapterReader.read(loaded.model(), "default", Fixtures.tinyLlama().resolve("adapter"));
        reference = DpoReference.baseModel(adapter);
        reference.usePolicy(true); // lora_dropout is 0: training mode changes nothing else
    }

    @AfterEach
    void close() {
        reference.close();
        adapter.close();
        loaded.close();
    }

    /** TRL's tokenize_row on the fixture's ids: BOS 1 before the prompt, EOS 2 after each reply. */
    private DpoBatch batch() {
        List<PreferenceExample> examples = new ArrayList<>();
        for (JsonNode e : dpo.get("examples")) {
            examples.add(PreferenceEncoder.fromIds(Fixtures.longs(e.get("prompt")),
                    Fixtures.longs(e.get("chosen")), Fixtures.longs(e.get("rejected")),
                    OptionalLong.of(1), OptionalLong.of(2), 1024, 512, 0));
        }
        return DpoBatch.of(examples, 0);
    }

    @Test
    void batchEqualsWhatTrlBuilds() {
        DpoBatch batch = batch();
        JsonNode want = dpo.get("batch");
        int n = batch.pairs();
        for (String half : List.of("chosen", "rejected")) {
            int offset = half.equals("chosen") ? 0 : n;
            for (int i = 0; i < n; i++) {
                int row = offset + i;
                assertArrayEquals(padded(want.get(half + "_input_ids").get(i), batch.sequenceLength(), 0),
                        batch.inputIds()[row], half + " ids " + i);
                assertArrayEquals(padded(want.get(half + "_attention_mask").get(i), batch.sequenceLength(), 0),
                        batch.attentionMask()[row], half + " mask " + i);
                assertArrayEquals(padded(want.get(half + "_labels").get(i), batch.sequenceLength(), -100),
                        batch.labels()[row], half + " labels " + i);
            }
        }
    }

    /** TRL pads each half to its own longest row; concatenated_inputs pads both to the longer. */
    private static long[] padded(JsonNode row, int length, long pad) {
        long[] ids = Fixtures.longs(row);
        long[] out = Arrays.copyOf(ids, length);
        Arrays.fill(out, ids.length, length, pad);
        return out;
    }

    @Test
    void lossRewardsAndLogProbsMatchTrlForEveryLossType() {
        DpoBatch batch = batch();
        int n = batch.pairs();
        dpo.get("results").fieldNames().forEachRemaining(name -> {
            JsonNode want = dpo.get("results").get(name);
            DpoLoss loss = new DpoLoss(DpoLossType.of(name), dpo.get("beta").asDouble(),
                    dpo.get("label_smoothing").asDouble());
            try (NDManager m = loaded.model().manager().newSubManager()) {
                NDArray refLogps = reference.logProbs(batch.inputIds(m), batch.attentionMask(m),
                        batch.positionIds(m), batch.labels(m), loss.averagesLogProbs());
                float[] ref = refLogps.toFloatArray();
                assertClose(want.get("reference_chosen_logps"), Arrays.copyOfRange(ref, 0, n), 1e-4, name);
                assertClose(want.get("reference_rejected_logps"), Arrays.copyOfRange(ref, n, 2 * n), 1e-4, name);
                DpoStep.Outcome got = DpoStep.evaluate(loaded.model(), batch, reference, loss, m);
                double lossTolerance = loss.type() == DpoLossType.IPO ? 1e-4 : 1e-5;
                assertEquals(want.get("loss").asDouble(), got.loss(), lossTolerance, name + " loss");
                for (String metric : List.of("rewards/chosen", "rewards/rejected",
                        "rewards/accuracies", "rewards/margins", "logits/chosen", "logits/rejected")) {
                    assertEquals(want.get(metric).asDouble(), got.metrics().get(metric), 1e-5, name + " " + metric);
                }
                for (String metric : List.of("logps/chosen", "logps/rejected")) {
                    assertEquals(want.get(metric).asDouble(), got.metrics().get(metric), 1e-4, name + " " + metric);
                }
                assertEquals(got.metrics().get("rewards/chosen"),
                        got.evalMetrics().get("eval_rewards/chosen"));
                report(name, want, got, ref, n);
            }
        });
    }

    /** The measured differences, for the record. */
    private static void report(String name, JsonNode want, DpoStep.Outcome got, float[] ref, int n) {
        double rewards = 0;
        for (String k : List.of("rewards/chosen", "rewards/rejected", "rewards/margins")) {
            rewards = Math.max(rewards, Math.abs(want.get(k).asDouble() - got.metrics().get(k)));
        }
        double logps = 0;
        for (String k : List.of("logps/chosen", "logps/rejected")) {
            logps = Math.max(logps, Math.abs(want.get(k).asDouble() - got.metrics().get(k)));
        }
        double logits = 0;
        for (String k : List.of("logits/chosen", "logits/rejected")) {
            logits = Math.max(logits, Math.abs(want.get(k).asDouble() - got.metrics().get(k)));
        }
        float refDiff = Math.max(Fixtures.maxAbsDiff(Fixtures.flatFloats(want.get("reference_chosen_logps")),
                Arrays.copyOfRange(ref, 0, n)), Fixtures.maxAbsDiff(Fixtures.flatFloats(
                        want.get("reference_rejected_logps")), Arrays.copyOfRange(ref, n, 2 * n)));
        System.out.printf("dpo %s: |loss| %.3g rewards %.3g logps %.3g ref logps %.3g logits %.3g%n",
                name, Math.abs(want.get("loss").asDouble() - got.loss()), rewards, logps, refDiff, logits);
    }

    private static void assertClose(JsonNode want, float[] got, double tolerance, String what) {
        float diff = Fixtures.maxAbsDiff(Fixtures.flatFloats(want), got);
        assertTrue(diff <= tolerance, what + ": log-probs differ from TRL by " + diff);
    }

    @Test
    void sigmoidLoraGradientsMatchTrl() throws Exception {
        Map<String, NDArray> params = adapter.parametersByModuleName();
        params.values().forEach(p -> p.setRequiresGradient(true));
        DpoBatch batch = batch();
        DpoLoss loss = DpoLoss.of(DpoLossType.SIGMOID);
        try (NDManager m = loaded.model().manager().newSubManager();
                SafetensorsReader want = SafetensorsReader.open(
                        Fixtures.tinyLlama().resolve("dpo_lora_grads.safetensors"))) {
            DpoStep.Outcome outcome;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ids = batch.inputIds(m);
                NDArray mask = batch.attentionMask(m);
                NDArray positions = batch.positionIds(m);
                NDArray labels = batch.labels(m);
                NDArray refLogps = reference.logProbs(ids, mask, positions, labels, false);
                DpoStep.Objective objective = new DpoStep.Objective(loss, labels, refLogps);
                NDArray value = objective.apply(loaded.model().forward(ids, mask, positions, null, false));
                gc.backward(value);
                outcome = objective.outcome();
            }
            assertEquals(dpo.get("results").get("sigmoid").get("loss").asDouble(), outcome.loss(), 1e-5);
            assertEquals(want.names().size(), params.size());
            float worst = 0;
            for (String name : want.names()) {
                worst = Math.max(worst, Fixtures.maxAbsDiff(params.get(name).getGradient().toFloatArray(),
                        want.read(name, m).toFloatArray()));
            }
            System.out.printf("dpo sigmoid: max |grad diff| %.3g%n", worst);
            assertTrue(worst <= 1e-6, "LoRA gradients differ from TRL by " + worst);
        }
    }

    @ParameterizedTest(name = "gradient checkpointing {0}")
    @ValueSource(booleans = {false, true})
    void trainingStepGivesTheSameGradients(boolean checkpointing) throws Exception {
        Map<String, NDArray> params = adapter.parametersByModuleName();
        params.values().forEach(p -> p.setRequiresGradient(true));
        try (NDManager m = loaded.model().manager().newSubManager();
                SafetensorsReader want = SafetensorsReader.open(
                        Fixtures.tinyLlama().resolve("dpo_lora_grads.safetensors"))) {
            DpoStep.Outcome outcome;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                outcome = DpoStep.train(loaded.model(), batch(), reference,
                        DpoLoss.of(DpoLossType.SIGMOID), m, checkpointing);
            }
            assertEquals(dpo.get("results").get("sigmoid").get("loss").asDouble(), outcome.loss(), 1e-5);
            float worst = 0;
            for (String name : want.names()) {
                worst = Math.max(worst, Fixtures.maxAbsDiff(params.get(name).getGradient().toFloatArray(),
                        want.read(name, m).toFloatArray()));
            }
            assertTrue(worst <= 1e-6, "DPO training step's gradients differ from TRL by " + worst);
        }
    }

    /**
     * RPO (TRL's rpo_alpha): the loss is the fixture's DPO loss plus α times the chosen replies'
     * mean token NLL, recomputed here in plain Java from the logits; the gradient is TRL's DPO
     * gradient plus α times the NLL's own gradient.
     */
    @Test
    void rpoAddsAlphaTimesTheChosenNllToLossAndGradient() throws Exception {
        double alpha = 0.7;
        Map<String, NDArray> params = adapter.parametersByModuleName();
        params.values().forEach(p -> p.setRequiresGradient(true));
        DpoBatch batch = batch();
        DpoLoss loss = new DpoLoss(DpoLossType.SIGMOID, dpo.get("beta").asDouble(), 0, alpha);
        try (NDManager m = loaded.model().manager().newSubManager();
                SafetensorsReader want = SafetensorsReader.open(
                        Fixtures.tinyLlama().resolve("dpo_lora_grads.safetensors"))) {
            NDArray ids = batch.inputIds(m);
            NDArray mask = batch.attentionMask(m);
            NDArray positions = batch.positionIds(m);
            NDArray labels = batch.labels(m);
            NDArray refLogps = reference.logProbs(ids, mask, positions, labels, false);
            DpoStep.Objective objective = new DpoStep.Objective(loss, labels, refLogps);
            NDArray logits;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                logits = loaded.model().forward(ids, mask, positions, null, false);
                gc.backward(objective.apply(logits));
            }
            double nll = chosenNll(logits.stopGradient(), batch);
            DpoStep.Objective plain = new DpoStep.Objective(DpoLoss.of(DpoLossType.SIGMOID), labels, refLogps);
            plain.apply(logits.stopGradient());
            assertEquals(plain.outcome().loss() + alpha * nll, objective.outcome().loss(), 1e-6);
            double trlDpoLoss = dpo.get("results").get("sigmoid").get("loss").asDouble();
            assertEquals(trlDpoLoss + alpha * nll, objective.outcome().loss(), 1e-5);
            assertTrue(!plain.outcome().metrics().containsKey("nll_loss"));
            assertEquals(nll, objective.outcome().metrics().get("nll_loss"), 1e-6);
            Map<String, float[]> rpoGrads = new java.util.HashMap<>();
            params.forEach((name, p) -> rpoGrads.put(name, p.getGradient().toFloatArray()));
            // gradients accumulate: a second backward of the NLL alone adds its gradient
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = loaded.model().forward(ids, mask, positions, null, false);
                NDArray sums = SequenceLogProbs.sums(l, labels).get("0:{}", batch.pairs());
                NDArray counts = SequenceLogProbs.tokenCounts(labels).get("0:{}", batch.pairs());
                gc.backward(SequenceLogProbs.meanNll(sums, counts));
            }
            float worst = 0;
            float moved = 0;
            for (String name : want.names()) {
                float[] dpoGrad = want.read(name, m).toFloatArray();
                float[] rpo = rpoGrads.get(name);
                float[] both = params.get(name).getGradient().toFloatArray();
                for (int i = 0; i < rpo.length; i++) {
                    float nllGrad = both[i] - rpo[i];
                    worst = Math.max(worst, Math.abs(rpo[i] - (dpoGrad[i] + (float) alpha * nllGrad)));
                    moved = Math.max(moved, Math.abs(rpo[i] - dpoGrad[i]));
                }
            }
            System.out.printf("rpo: nll %.6f, max |grad - (dpo + a nll grad)| %.3g, max change %.3g%n",
                    nll, worst, moved);
            assertTrue(worst <= 2e-6, "RPO gradient differs from DPO + alpha NLL by " + worst);
            assertTrue(moved > 1e-3, "the NLL term should change the gradient, changed by " + moved);
        }
    }

    /** −mean over the chosen rows' completion tokens of log softmax(logits at t−1)[token t]. */
    private static double chosenNll(NDArray logits, DpoBatch batch) {
        long[] shape = logits.getShape().getShape(); // (rows, seq, vocab)
        int seq = (int) shape[1];
        int vocab = (int) shape[2];
        float[] flat = logits.toFloatArray();
        double sum = 0;
        int tokens = 0;
        for (int row = 0; row < batch.pairs(); row++) {
            long[] labels = batch.labels()[row];
            for (int t = 1; t < seq; t++) {
                if (labels[t] == DpoBatch.IGNORE_INDEX) {
                    continue;
                }
                int at = (row * seq + t - 1) * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, flat[at + v]);
                }
                double z = 0;
                for (int v = 0; v < vocab; v++) {
                    z += Math.exp(flat[at + v] - max);
                }
                sum += flat[at + (int) labels[t]] - max - Math.log(z);
                tokens++;
            }
        }
        return -sum / tokens;
    }
}
