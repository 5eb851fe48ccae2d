package tunebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.SftDataset;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.eval.AnswerNormalization;
import tunebench.engine.eval.EvalListener;
import tunebench.engine.eval.ExactMatch;
import tunebench.engine.eval.ExactMatchResult;
import tunebench.engine.eval.ExactMatchSpec;
import tunebench.engine.eval.Perplexity;
import tunebench.engine.eval.PerplexityResult;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.config.DataSpec;

/**
 * {@code evaluate}: exact-match accuracy of greedy answers against an eval file's references,
 * and the eval loss and perplexity on those references, for a base model or one with an adapter.
 */
@Command(name = "evaluate",
        description = "Score a model (and adapter) on an eval file: exact match, eval loss, perplexity.")
final class EvaluateCommand implements Callable<Integer> {

    /** Rows shown after the scores: enough to see what the model answers, short enough to read. */
    private static final int SHOWN_SAMPLES = 3;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "Apply this LoRA adapter (PEFT format).")
    Path adapter;

    @Option(names = "--quantize", paramLabel = "TYPE", description = QuantizeOption.DESCRIPTION)
    String quantize;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Eval file (Alpaca, messages or ShareGPT; JSON or JSONL); the last answer of each record is the reference.")
    Path data;

    @Option(names = "--chat-template", paramLabel = "NAME",
            description = "chatml or alpaca; default: the model's own, else as training picks it.")
    String chatTemplate;

    @Option(names = "--max-new-tokens", paramLabel = "N",
            description = "Cap on the answer's tokens; default: the reference's length + "
                    + ExactMatchSpec.SLACK_TOKENS + ".")
    int maxNewTokens;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N examples.")
    Integer limit;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Prompts generated together. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "" + DataSpec.DEFAULT_MAX_LENGTH,
            description = "Tokens per example for the eval loss. Default: ${DEFAULT-VALUE}.")
    int maxLength;

    @Option(names = "--ignore-case", description = "Compare answers without regard to case.")
    boolean ignoreCase;

    @Option(names = "--squad", description = "SQuAD normalisation: also ignore punctuation and articles.")
    boolean squad;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print one line {\"examples\": N, \"exact_match\": x, \"eval_loss\": y, \"eval_ppl\": z}.")
    boolean json;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        deviceOption.dtype(deviceOption.pick()); // a bad --device or --dtype fails before loading
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        // A mistyped template name fails before minutes of loading, not after.
        ChatTemplate named = chatTemplate == null ? null : ChatTemplate.named(chatTemplate);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SftDataset file = SftDataset.read(data);
        for (DataProblem p : file.problems()) {
            err.println(data + " " + p.describe());
        }
        List<Conversation> conversations = file.conversations();
        if (limit != null && limit < conversations.size()) {
            conversations = conversations.subList(0, limit);
        }
        if (conversations.isEmpty()) {
            throw new IllegalArgumentException(data + " has no example to evaluate");
        }
        try (LoadedModel lm = deviceOption.load(model, quantize)) {
            if (adapter != null) {
                PeftAdapterReader.read(lm.model(), "adapter", adapter).activate(false);
            }
            TextTokenizer tok = lm.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                    model + " has no tokenizer.json; evaluation needs text"));
            ChatTemplate template = named != null ? named : SftEncoder.defaultTemplate(tok, file.format());
            ExactMatchSpec em = ExactMatchSpec.defaults().withBatchSize(batchSize)
                    .withMaxNewTokens(maxNewTokens)
                    .withNormalization(new AnswerNormalization(ignoreCase, squad));
            ExactMatchResult match = new ExactMatch(lm, template, em).run(conversations, EvalListener.NONE);
            PerplexityResult ppl = new Perplexity(lm, template, maxLength,
                    Math.min(batchSize, Perplexity.DEFAULT_BATCH_SIZE)).run(conversations, EvalListener.NONE);
            out.println(json ? jsonLine(match, ppl) : report(match, ppl));
            out.flush();
            err.flush();
            return 0;
        }
    }

    private static String jsonLine(ExactMatchResult match, PerplexityResult ppl) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode line = mapper.createObjectNode();
        line.put("examples", match.total());
        number(line, "exact_match", match.accuracy());
        number(line, "eval_loss", ppl.loss());
        number(line, "eval_ppl", ppl.perplexity());
        return mapper.writeValueAsString(line);
    }

    /** NaN and infinity are not JSON; null says "no value" to every reader. */
    private static void number(ObjectNode line, String key, double value) {
        if (Double.isFinite(value)) {
            line.put(key, value);
        } else {
            line.putNull(key);
        }
    }

    private static String report(ExactMatchResult match, PerplexityResult ppl) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Examples:     %d%n", match.total()));
        sb.append(String.format("Exact match:  %.1f%% (%d of %d)%n", 100 * match.accuracy(),
                match.correct(), match.total()));
        sb.append(String.format("Eval loss:    %.4f (%,d answer tokens)%n", ppl.loss(), ppl.tokens()));
        sb.append(String.format("Perplexity:   %.2f%n", ppl.perplexity()));
        List<ExactMatchResult.Sample> shown = match.samples().subList(0,
                Math.min(SHOWN_SAMPLES, match.samples().size()));
        for (int i = 0; i < shown.size(); i++) {
            ExactMatchResult.Sample s = shown.get(i);
            sb.append(String.format("%n#%d %s%n", i + 1, s.correct() ? "correct" : "wrong"));
            sb.append("  prompt:    ").append(tail(s.prompt(), 70)).append(System.lineSeparator());
            sb.append("  reference: ").append(head(s.reference(), 70)).append(System.lineSeparator());
            sb.append("  answer:    ").append(head(s.answer(), 70)).append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }

    /** The prompt's end, on one line: the question sits there, after the template's preamble. */
    private static String tail(String text, int max) {
        String line = oneLine(text);
        return line.length() <= max ? line : "..." + line.substring(line.length() - max);
    }

    private static String head(String text, int max) {
        String line = oneLine(text);
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
