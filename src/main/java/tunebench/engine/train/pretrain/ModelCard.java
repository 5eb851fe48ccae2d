package tunebench.engine.train.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tunebench.engine.model.ModelInfo;

/** The README.md of the bundled model: what it is, how it was made, how well it does. */
final class ModelCard {

    private ModelCard() {}

    static String write(PretrainSpec spec, Path work, Path out, double seconds) throws IOException {
        ModelInfo info = ModelInfo.inspect(out);
        var c = info.config();
        List<String> lines = Files.readAllLines(work.resolve("metrics.jsonl"), StandardCharsets.UTF_8);
        JsonNode lastEval = null;
        JsonNode lastStep = null;
        long steps = 0;
        for (String l : lines) {
            JsonNode n = PretrainSpec.JSON.readTree(l);
            if (n.has("eval_loss")) {
                lastEval = n;
            } else if (n.has("loss")) {
                lastStep = n;
                steps = n.get("step").asLong();
            }
        }
        long trainDocs = lineCount(work.resolve("corpus-train.jsonl"));
        long valDocs = lineCount(work.resolve("corpus-validation.jsonl"));
        PretrainSpec.TrainSpec t = spec.train();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(spec.name()).append("\n\n");
        md.append("A tiny Llama-architecture base model that Tunebench pre-trains itself, from random"
                + " initialisation, on a corpus it generates: simple English about a small world"
                + " (countries and capitals, animals, colours, days and times, arithmetic, short"
                + " stories). It ships so the workbench has a model to fine-tune on a fresh machine"
                + " with no downloads. It knows nothing outside that world.\n\n");
        md.append("Made by `java -jar target/tunebench.jar pretrain --config ")
                .append("assets/models/").append(out.getFileName()).append("/pretrain.json`;")
                .append(" every file here except pretrain.json is that command's output.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append(row("architecture", c.architecture()));
        md.append(row("layers", String.valueOf(c.numHiddenLayers())));
        md.append(row("hidden size / intermediate", c.hiddenSize() + " / " + c.intermediateSize()));
        md.append(row("attention heads / key-value heads", c.numAttentionHeads() + " / " + c.numKeyValueHeads()));
        md.append(row("vocabulary", c.vocabSize() + " (byte-level BPE trained on the corpus)"));
        md.append(row("context", c.maxPositionEmbeddings() + " positions (trained on " + t.maxLength() + ")"));
        md.append(row("parameters", String.format("%,d", info.parameterCount())));
        md.append(row("weights", String.format("%.1f MB float32", info.folder().bytesOnDisk() / 1e6)));
        md.append(row("corpus", String.format("%,d generated documents for training, %,d held out (seed %d)",
                trainDocs, valDocs, spec.seed())));
        md.append(row("training", String.format("%,d steps of %d x %d packed tokens, AdamW lr %s %s"
                + " schedule, warm-up %.0f%%", steps, t.batchSize() * t.gradientAccumulation(),
                t.maxLength(), t.lr(), t.schedule(), 100 * t.warmupRatio())));
        md.append(row("time", String.format("%.1f minutes on %d CPU cores", seconds / 60,
                Runtime.getRuntime().availableProcessors())));
        if (lastStep != null) {
            md.append(row("final training loss", String.format("%.3f", lastStep.get("loss").asDouble())));
        }
        if (lastEval != null) {
            md.append(row("held-out loss / perplexity", String.format("%.3f / %.2f",
                    lastEval.get("eval_loss").asDouble(), lastEval.get("eval_ppl").asDouble())));
        }
        md.append("\n![loss curve](loss.png)\n");
        if (lastEval != null && lastEval.has("probes")) {
            md.append("\n## Continuations after pre-training (greedy)\n\n");
            for (JsonNode p : lastEval.get("probes")) {
                md.append("- `").append(p.get("prompt").asText()).append("` → ")
                        .append(p.get("output").asText().replace("\n", " ").strip()).append("\n");
            }
        }
        md.append("\nChat template: ChatML (`<|im_start|>` / `<|im_end|>`); the base model has not"
                + " seen chat data: the sample LoRA run in sample-data/ teaches it to answer.\n");
        return md.toString();
    }

    private static long lineCount(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static String row(String k, String v) {
        return "| " + k + " | " + v + " |\n";
    }
}
