package tunebench.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.SftBatcher;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.data.Split;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.config.DataSpec;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.dpo.DpoBatch;
import tunebench.engine.train.dpo.PreferenceDataset;
import tunebench.engine.train.dpo.PreferenceEncoder;
import tunebench.engine.train.dpo.PreferenceExample;
import tunebench.engine.train.dpo.PreferencePair;

/**
 * A DPO run's data: preference files (prompt / chosen / rejected) encoded as TRL does, the
 * training pairs batched in a seeded order per epoch (so a step's batch follows from its
 * number, as SFT's do, and resume repeats it), and the validation pairs in fixed batches.
 */
final class PreferenceData {

    private final List<PreferenceExample> train;
    private final List<DpoBatch> validation;
    private final ChatTemplate template;
    private final int batchSize;
    private final long padId;
    private final long seed;
    private final int validationExamples;
    private final int truncated;
    private final List<String> problems;
    private int cachedEpoch = -1;
    private int[] order;

    private PreferenceData(List<PreferenceExample> train, List<PreferenceExample> validation,
            ChatTemplate template, int batchSize, long padId, long seed, int truncated,
            List<String> problems) {
        this.train = train;
        this.template = template;
        this.batchSize = batchSize;
        this.padId = padId;
        this.seed = seed;
        this.validationExamples = validation.size();
        this.truncated = truncated;
        this.problems = problems;
        List<DpoBatch> val = new ArrayList<>();
        for (int i = 0; i < validation.size(); i += batchSize) {
            val.add(DpoBatch.of(validation.subList(i, Math.min(i + batchSize, validation.size())), padId));
        }
        this.validation = List.copyOf(val);
    }

    static PreferenceData prepare(RunConfig config, DpoMethod method, TextTokenizer tok)
            throws IOException {
        return prepare(config, method.maxPromptLength(), tok);
    }

    /** @param maxPromptLength TRL's max_prompt_length; 0 or less keeps the whole prompt */
    static PreferenceData prepare(RunConfig config, int maxPromptLength, TextTokenizer tok)
            throws IOException {
        DataSpec d = config.data();
        List<String> problems = new ArrayList<>();
        PreferenceDataset trainFile = PreferenceDataset.read(Path.of(d.train()), d.csvColumns());
        describe(d.train(), trainFile.problems(), problems);
        List<PreferencePair> train = trainFile.pairs();
        List<PreferencePair> validation = List.of();
        if (d.validation() != null) {
            PreferenceDataset v = PreferenceDataset.read(Path.of(d.validation()), d.csvColumns());
            describe(d.validation(), v.problems(), problems);
            validation = v.pairs();
        } else if (d.validationSplit() > 0 && train.size() > 1) {
            Split<PreferencePair> split = Split.of(train, d.validationSplit(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        // The model's own template, as SFT picks it, so DPO continues an SFT adapter in the
        // format it learned; preference files are conversations, so ChatML otherwise.
        ChatTemplate template = config.model().chatTemplate() != null
                ? ChatTemplate.named(config.model().chatTemplate())
                : SftEncoder.defaultTemplate(tok, "messages");
        PreferenceEncoder encoder = new PreferenceEncoder(tok, template, d.maxLength(),
                maxPromptLength);
        PreferenceEncoder.Encoded encTrain = encoder.encodeAll(train);
        PreferenceEncoder.Encoded encVal = encoder.encodeAll(validation);
        describe(d.train(), encTrain.problems(), problems);
        describe(String.valueOf(d.validation()), encVal.problems(), problems);
        if (encTrain.examples().isEmpty()) {
            throw new IOException(d.train() + " has no usable preference pair"
                    + (problems.isEmpty() ? "" : ": " + problems.get(0)));
        }
        return new PreferenceData(encTrain.examples(), encVal.examples(), template,
                config.schedule().batchSize(), SftBatcher.padId(tok), config.seed(),
                encTrain.truncated() + encVal.truncated(), List.copyOf(problems));
    }

    private static void describe(String file, List<DataProblem> found, List<String> out) {
        for (DataProblem p : found) {
            out.add(file + " " + p.describe());
        }
    }

    int batchesPerEpoch() {
        return (train.size() + batchSize - 1) / batchSize;
    }

    /** Batch {@code index} of epoch {@code epoch}, the same on every call. */
    DpoBatch batch(int epoch, int index) {
        int[] o = order(epoch);
        List<PreferenceExample> rows = new ArrayList<>();
        for (int i = index * batchSize; i < Math.min((index + 1) * batchSize, o.length); i++) {
            rows.add(train.get(o[i]));
        }
        return DpoBatch.of(rows, padId);
    }

    /** Fisher-Yates over java.util.Random with SftBatcher's seed mix, so orders are stable. */
    private int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            Random random = new Random(seed * 1_000_003L + epoch);
            int[] o = new int[train.size()];
            for (int i = 0; i < o.length; i++) {
                o[i] = i;
            }
            for (int i = o.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
            order = o;
            cachedEpoch = epoch;
        }
        return order;
    }

    List<DpoBatch> validation() {
        return validation;
    }

    /** One optimizer step's micro-batches, with their pairs and real (unpadded) tokens. */
    record Step(DpoBatch[] batches, long pairs, long tokens) {}

    /** Micro-batches {@code firstMicro .. firstMicro + count - 1}, counted from the start of training. */
    Step step(long firstMicro, int count) {
        int perEpoch = batchesPerEpoch();
        DpoBatch[] batches = new DpoBatch[count];
        long pairs = 0;
        long tokens = 0;
        for (int k = 0; k < count; k++) {
            long micro = firstMicro + k;
            batches[k] = batch((int) (micro / perEpoch), (int) (micro % perEpoch));
            pairs += batches[k].pairs();
            for (long[] row : batches[k].attentionMask()) {
                for (long v : row) {
                    tokens += v;
                }
            }
        }
        return new Step(batches, pairs, tokens);
    }

    /**
     * The counts a preference run reports. Nothing is dropped: a PreferenceExample keeps a token
     * of each part, so no example empties out.
     */
    Recipe.DataSummary summary() {
        return new Recipe.DataSummary(template, false, trainExamples(), validationExamples(),
                truncated(), 0, problems());
    }

    ChatTemplate template() {
        return template;
    }

    int trainExamples() {
        return train.size();
    }

    int validationExamples() {
        return validationExamples;
    }

    int truncated() {
        return truncated;
    }

    List<String> problems() {
        return problems;
    }
}
