package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.Linear;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.quant.QuantSpec;
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.optim.AdamW;
import tunebench.testing.Fixtures;
import tunebench.testing.RandomCheckpoint;

/** LoRA on an NF4 base: the same gradients as on the dequantized weights, and it learns. */
class QloraTrainingTest {

    @TempDir
    Path tmp;

    private static long[][] matrix(JsonNode n) {
        long[][] out = new long[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.longs(n.get(i));
        }
        return out;
    }

    /** Loss and A/B gradients of a fixed adapter (seed 7) on one fixture batch. */
    private static Map<String, float[]> lossAndGrads(LoadedModel lm) {
        JsonNode sft = Fixtures.json(Fixtures.tinyLlama().resolve("sft.json"));
        LoraAdapter adapter = LoraAdapter.create(lm.model(), "a",
                LoraSpec.of(4, 8, 0.0, LoraSpec.ALL_PROJECTIONS, false), 7);
        adapter.layers().values().forEach(w -> w.b().addi(0.01f)); // B != 0: A gets gradients
        adapter.activate(true);
        adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
        Map<String, float[]> out = new java.util.TreeMap<>();
        try (NDManager m = lm.model().manager().newSubManager()) {
            long[][] labels = matrix(sft.get("labels"));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = lm.model().forward(m.create(matrix(sft.get("input_ids"))),
                        m.create(matrix(sft.get("attention_mask"))), null, null, false);
                NDArray loss = CausalLmLoss.sum(logits, m.create(labels))
                        .div((float) CausalLmLoss.countedTokens(labels));
                out.put("loss", new float[] {loss.getFloat()});
                gc.backward(loss);
            }
            adapter.parameters().forEach((n, p) -> out.put(n, p.getGradient().toFloatArray()));
        }
        adapter.close();
        return out;
    }

    @Test
    void qloraGradientsEqualLoraOnTheDequantizedWeights() throws Exception {
        try (LoadedModel nf4 = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4());
                LoadedModel dense = ModelLoader.load(Fixtures.tinyLlama())) {
            // the dense model gets exactly the values the NF4 one computes with
            for (Map.Entry<String, Linear> e : nf4.model().linears().entrySet()) {
                if (e.getValue().isQuantized()) {
                    NDArray w = e.getValue().dequantizedWeight();
                    w.attach(dense.model().manager());
                    dense.model().linears().get(e.getKey()).setWeight(w);
                }
            }
            Map<String, float[]> want = lossAndGrads(dense);
            Map<String, float[]> got = lossAndGrads(nf4);
            assertEquals(want.keySet(), got.keySet());
            for (String name : want.keySet()) {
                float diff = Fixtures.maxAbsDiff(want.get(name), got.get(name));
                assertTrue(diff <= 1e-6f, name + " differs by " + diff);
            }
        }
    }

    @Test
    void loraStepsOnTheQuantizedFixtureLowerTheLoss() throws Exception {
        long[][] ids = matrix(Fixtures.json(Fixtures.tinyLlama().resolve("sft.json")).get("input_ids"));
        try (LoadedModel lm = ModelLoader.loadQuantized(Fixtures.tinyLlama(), QuantSpec.nf4());
                NDManager work = lm.model().manager().newSubManager()) {
            LoraAdapter adapter = LoraAdapter.create(lm.model(), "a",
                    LoraSpec.of(8, 16, 0.0, LoraSpec.ALL_PROJECTIONS, false), 1);
            adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
            adapter.activate(true);
            var batch = LoraBenchmark.batchOf(ids);
            long labels = CausalLmLoss.countedTokens(batch.labels());
            List<Double> losses = new ArrayList<>();
            try (AdamW optimizer = new AdamW(adapter.parameters(), 0.9, 0.999, 1e-8, 0.0)) {
                for (int step = 0; step < 12; step++) {
                    losses.add(TrainingRun.microStep(lm, work, batch, labels, false) / labels);
                    optimizer.step(1e-2);
                }
            }
            assertTrue(losses.get(11) < 0.9 * losses.get(0), "loss " + losses);
            adapter.close();
        }
    }

    private RunConfig config(Path model, String name, String... sets) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String thing : new String[] {"sky", "sea", "leaf", "sun"}) {
            for (String color : new String[] {"red", "blue", "green", "gold"}) {
                lines.add(new ObjectMapper().createObjectNode().put("instruction", "Color of the " + thing + "?")
                        .put("input", "").put("output", "The " + thing + " is " + color + ".").toString());
            }
        }
        Path data = tmp.resolve("train.jsonl");
        Files.write(data, lines);
        List<String> all = new ArrayList<>(List.of("output_dir=" + tmp.resolve("runs").resolve(name),
                "method.type=qlora", "schedule.batch_size=4", "optim.lr=5e-3",
                "schedule.warmup_ratio=0", "eval.every_steps=0", "checkpoint.every_steps=1000",
                "data.max_length=96", "model.chat_template=chatml"));
        all.addAll(List.of(sets));
        return RunConfigJson.applyOverrides(RunConfig.of(name, model.toString(), data.toString()), all);
    }

    @Test
    void aQloraRunLearnsSavesAPeftAdapterAndResumesExactly() throws Exception {
        Path model = RandomCheckpoint.withTinyTokenizer(tmp.resolve("model"), 5);
        List<Double> straight = new ArrayList<>();
        RunConfig config = config(model, "straight", "schedule.max_steps=12");
        assertTrue(config.method() instanceof QloraMethod);
        RunSummary s = TrainingRun.create(config).run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                straight.add(m.loss());
            }
        });
        double first = straight.get(0);
        double last = straight.subList(9, 12).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.8 * first, "QLoRA did not learn: " + first + " -> " + last);
        assertEquals(8, PeftAdapterReader.readSpec(s.output()).r());
        try (LoadedModel base = ModelLoader.loadQuantized(model, QuantSpec.nf4())) {
            PeftAdapterReader.read(base.model(), "trained", s.output()).activate(false);
            assertFalse(base.model().linears().get("model.layers.0.self_attn.q_proj").adapter("trained") == null);
        }

        RunConfig interrupted = config(model, "interrupted", "schedule.max_steps=12");
        TrainingRun first6 = TrainingRun.create(interrupted);
        List<Double> combined = new ArrayList<>();
        first6.run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                combined.add(m.loss());
                if (m.step() == 6) {
                    first6.control().stop();
                }
            }
        });
        TrainingRun.resume(Path.of(interrupted.runDir())).run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                combined.add(m.loss());
            }
        });
        assertEquals(straight.size(), combined.size());
        for (int i = 0; i < straight.size(); i++) {
            assertEquals(straight.get(i), combined.get(i), 1e-5, "step " + (i + 1));
        }
    }
}
