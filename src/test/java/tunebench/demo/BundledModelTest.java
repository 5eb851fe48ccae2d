package tunebench.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.SftDataset;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.eval.EvalListener;
import tunebench.engine.eval.Perplexity;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.StepMetrics;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/**
 * The short version of the demo: the bundled base model loads, a few LoRA steps of the sample
 * run on the sample instructions lower the training loss, and the held-out loss falls too.
 */
class BundledModelTest {

    static final Path MODEL = Path.of("assets", "models", "tunebench-tiny");
    static final Path RUN = Path.of("sample-data", "runs", "sft-lora.json");
    static final Path EVAL = Path.of("sample-data", "instructions-eval.json");

    @TempDir
    Path tmp;

    private static double heldOutLoss(LoadedModel lm, List<Conversation> eval) {
        ChatTemplate template = SftEncoder.defaultTemplate(lm.tokenizerOrNull(), "alpaca");
        return new Perplexity(lm, template, 128, 8).run(eval, EvalListener.NONE).loss();
    }

    @Test
    void bundledModelLoadsTrainsAFewStepsAndGetsBetter() throws Exception {
        List<Conversation> eval = SftDataset.read(EVAL).conversations().subList(0, 48);
        double before;
        try (LoadedModel lm = ModelLoader.load(MODEL)) {
            assertEquals("LlamaForCausalLM", lm.config().architecture());
            before = heldOutLoss(lm, eval);
        }
        RunConfig config = RunConfigJson.applyOverrides(RunConfigJson.read(RUN), List.of(
                "output_dir=" + tmp.resolve("run"), "schedule.max_steps=30", "schedule.warmup_ratio=0",
                "eval.every_steps=0", "eval.probe_prompts=[]", "checkpoint.every_steps=0",
                "data.validation=null", "data.validation_split=0"));
        List<Double> losses = new ArrayList<>();
        RunSummary s = TrainingRun.create(config).run(new RunListener() {
            @Override
            public void stepCompleted(StepMetrics m) {
                losses.add(m.loss());
            }
        });
        double first = losses.subList(0, 3).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(27, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.8 * first, "training loss " + first + " -> " + last);
        try (LoadedModel lm = ModelLoader.load(MODEL)) {
            PeftAdapterReader.read(lm.model(), "sft", s.output()).activate(false);
            double after = heldOutLoss(lm, eval);
            assertTrue(after < 0.8 * before, "held-out loss " + before + " -> " + after);
        }
    }
}
