package tunebench.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.EncodedDataset;
import tunebench.engine.data.SftBatch;
import tunebench.engine.data.SftBatcher;
import tunebench.engine.data.SftDataset;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.data.Split;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.config.DataSpec;
import tunebench.engine.train.config.RunConfig;

/**
 * A run's data, ready to batch: the training file read and encoded with the chat template
 * (labels only on answers), a validation set from its own file or a seeded split, and the
 * problems and truncations found on the way, reported to the user rather than failing the run.
 */
record TrainingData(SftBatcher train, List<SftBatch> validation, ChatTemplate template,
        boolean plainText, int trainExamples, int validationExamples, int truncated, int dropped,
        List<String> problems) {

    static TrainingData prepare(RunConfig config, TextTokenizer tok) throws IOException {
        DataSpec d = config.data();
        SftDataset trainFile = SftDataset.read(Path.of(d.train()), d.dataFormat(), d.csvColumns());
        List<String> problems = new ArrayList<>();
        describe(d.train(), trainFile.problems(), problems);
        ChatTemplate template = config.model().chatTemplate() != null
                ? ChatTemplate.named(config.model().chatTemplate())
                : SftEncoder.defaultTemplate(tok, trainFile.format());
        SftEncoder encoder = new SftEncoder(tok, template, d.maxLength(), d.trainOnPrompt());
        List<Conversation> train = trainFile.conversations();
        List<Conversation> validation = List.of();
        if (d.validation() != null) {
            SftDataset v = SftDataset.read(Path.of(d.validation()), d.dataFormat(), d.csvColumns());
            describe(d.validation(), v.problems(), problems);
            validation = v.conversations();
        } else if (d.validationSplit() > 0 && train.size() > 1) {
            Split<Conversation> split = Split.of(train, d.validationSplit(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        EncodedDataset encTrain = encoder.encodeAll(train);
        EncodedDataset encVal = encoder.encodeAll(validation);
        describe(d.train(), encTrain.problems(), problems);
        if (encTrain.examples().isEmpty()) {
            throw new IOException(d.train() + " has no usable training example"
                    + (problems.isEmpty() ? "" : ": " + problems.get(0)));
        }
        long padId = SftBatcher.padId(tok);
        int batch = config.schedule().batchSize();
        SftBatcher batcher = d.packing()
                ? SftBatcher.packed(encTrain.examples(), batch, d.maxLength(), padId, config.seed())
                : SftBatcher.unpacked(encTrain.examples(), batch, padId, config.seed());
        List<SftBatch> valBatches = encVal.examples().isEmpty() ? List.of()
                : SftBatcher.unpacked(encVal.examples(), batch, padId, config.seed()).epoch(0);
        boolean plain = "text".equals(trainFile.format());
        return new TrainingData(batcher, valBatches, encoder.template(), plain, encTrain.examples().size(),
                encVal.examples().size(), encTrain.truncated() + encVal.truncated(),
                encTrain.dropped() + encVal.dropped(), List.copyOf(problems));
    }

    private static void describe(String file, List<DataProblem> found, List<String> out) {
        for (DataProblem p : found) {
            out.add(file + " " + p.describe());
        }
    }
}
