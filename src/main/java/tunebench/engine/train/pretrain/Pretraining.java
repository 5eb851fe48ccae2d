package tunebench.engine.train.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import tunebench.engine.data.Split;
import tunebench.engine.data.synth.CorpusGenerator;
import tunebench.engine.io.AtomicFiles;
import tunebench.engine.model.CheckpointInitializer;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TrainedBpe;
import tunebench.engine.model.tokenizer.BpeTrainer;
import tunebench.engine.train.LossCurvePlot;
import tunebench.engine.train.RunListener;
import tunebench.engine.train.RunSummary;
import tunebench.engine.train.TrainingRun;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/**
 * Makes the bundled base model from nothing, reproducibly: generate the corpus, train a BPE
 * tokenizer on it, initialise a Llama at random, pre-train it with the full-parameter trainer
 * (the same loop as fine-tuning, on packed plain text), and write the Hugging Face folder with
 * its model card and loss curve next to the spec. An interrupted run resumes from its checkpoint.
 */
public final class Pretraining {

    private Pretraining() {}

    public static Path run(Path specFile, RunListener listener) throws IOException {
        PretrainSpec spec = PretrainSpec.read(specFile);
        Path out = specFile.toAbsolutePath().getParent();
        Path work = spec.workPath();
        Path init = work.resolve("init");
        TrainingRun run;
        if (Files.isDirectory(work.resolve("checkpoints"))) {
            run = TrainingRun.resume(work);
        } else {
            prepare(spec, work, init);
            run = TrainingRun.create(runConfig(spec, work, init));
        }
        long t0 = System.nanoTime();
        RunSummary summary = run.run(listener);
        if (summary.stoppedEarly()) {
            return work;
        }
        publish(spec, work, summary.output(), out, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    /** Corpus, tokenizer and the randomly initialised checkpoint. */
    static void prepare(PretrainSpec spec, Path work, Path init) throws IOException {
        Files.createDirectories(init);
        List<String> docs = CorpusGenerator.generate(spec.seed(), spec.corpus().documents());
        Split<String> split = Split.of(docs, spec.corpus().validationFraction(), spec.seed());
        CorpusGenerator.writeJsonl(work.resolve("corpus-train.jsonl"), split.train());
        CorpusGenerator.writeJsonl(work.resolve("corpus-validation.jsonl"), split.validation());
        List<String> specials = spec.tokenizer().specialTokens();
        TrainedBpe bpe = BpeTrainer.train(split.train(), spec.tokenizer().vocabSize(), specials);
        bpe.writeModelFiles(init, specials.get(0), specials.get(1), specials.get(2),
                ChatTemplate.chatml().source());
        ObjectNode config = spec.model().deepCopy();
        config.putArray("architectures").add("LlamaForCausalLM");
        config.put("model_type", "llama");
        config.put("vocab_size", bpe.size());
        config.put("bos_token_id", bpe.specialTokenId(specials.get(0)));
        config.put("eos_token_id", bpe.specialTokenId(specials.get(1)));
        config.put("pad_token_id", bpe.specialTokenId(specials.get(2)));
        config.put("hidden_act", "silu");
        config.put("torch_dtype", "float32");
        CheckpointInitializer.writeRandom(init, config, spec.seed());
    }

    static RunConfig runConfig(PretrainSpec spec, Path work, Path init) throws IOException {
        PretrainSpec.TrainSpec t = spec.train();
        ObjectNode c = PretrainSpec.JSON.createObjectNode();
        c.put("name", spec.name());
        c.put("output_dir", work.toString());
        c.put("seed", spec.seed());
        c.putObject("model").put("path", init.toString());
        c.putObject("data").put("train", work.resolve("corpus-train.jsonl").toString())
                .put("validation", work.resolve("corpus-validation.jsonl").toString())
                .put("validation_split", 0).put("max_length", t.maxLength()).put("packing", true);
        c.putObject("method").put("type", "full");
        c.putObject("optim").put("lr", t.lr()).put("weight_decay", t.weightDecay())
                .put("beta2", 0.95).put("max_grad_norm", 1.0);
        c.putObject("schedule").put("type", t.schedule()).put("warmup_ratio", t.warmupRatio())
                .put("max_steps", t.maxSteps()).put("batch_size", t.batchSize())
                .put("gradient_accumulation", t.gradientAccumulation());
        ObjectNode eval = c.putObject("eval").put("every_steps", t.evalEvery())
                .put("probe_max_new_tokens", t.probeMaxNewTokens());
        ArrayNode probes = eval.putArray("probe_prompts");
        t.probePrompts().forEach(probes::add);
        c.putObject("checkpoint").put("every_steps", t.checkpointEvery()).put("keep_last", 2);
        return RunConfigJson.parse(c.toString());
    }

    /** Copies the trained model next to the spec and writes its model card and loss curve. */
    static void publish(PretrainSpec spec, Path work, Path model, Path out, double seconds)
            throws IOException {
        Files.createDirectories(out);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Path tmp = out.resolve("." + f.getFileName() + ".copy");
                Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, out.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        JsonNode config = PretrainSpec.JSON.readTree(out.resolve("config.json").toFile());
        ObjectNode gen = PretrainSpec.JSON.createObjectNode();
        gen.put("bos_token_id", config.path("bos_token_id").asInt());
        gen.put("eos_token_id", config.path("eos_token_id").asInt());
        gen.put("pad_token_id", config.path("pad_token_id").asInt());
        gen.put("do_sample", false);
        AtomicFiles.writeString(out.resolve("generation_config.json"),
                PretrainSpec.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(gen) + "\n");
        LossCurvePlot.write(work.resolve("metrics.jsonl"), out.resolve("loss.png"),
                spec.name() + ": pre-training loss");
        AtomicFiles.writeString(out.resolve("README.md"), ModelCard.write(spec, work, out, seconds));
    }
}
