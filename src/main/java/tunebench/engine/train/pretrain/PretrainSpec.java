package tunebench.engine.train.pretrain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the bundled base model is made (assets/models/NAME/pretrain.json): the generated
 * corpus, the tokenizer to train on it, the model's shape, and the full-parameter training run.
 * Snake_case keys; unknown keys are refused by name.
 *
 * @param workDir checkpoints, metrics and the generated corpus; default runs/pretrain-NAME
 * @param model config.json fields of the new LlamaForCausalLM (vocab and token ids are filled in
 *     from the trained tokenizer)
 */
public record PretrainSpec(String name, String workDir, long seed, CorpusSpec corpus,
        TokenizerSpec tokenizer, ObjectNode model, TrainSpec train) {

    /** The generated corpus: how many documents, and the share held out for perplexity. */
    public record CorpusSpec(int documents, double validationFraction) {}

    /** A byte-level BPE trained on the corpus, with these special tokens (bos, eos, pad first). */
    public record TokenizerSpec(int vocabSize, List<String> specialTokens) {}

    /** The pre-training run: packed rows of max_length tokens, every token a target. */
    public record TrainSpec(double lr, double weightDecay, String schedule, double warmupRatio,
            int maxSteps, int batchSize, int gradientAccumulation, int maxLength, int evalEvery,
            int checkpointEvery, List<String> probePrompts, int probeMaxNewTokens) {}

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static PretrainSpec read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), PretrainSpec.class);
        } catch (IOException e) {
            throw new IOException(file + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    public Path workPath() {
        return Path.of(workDir != null ? workDir : "runs/pretrain-" + name);
    }
}
