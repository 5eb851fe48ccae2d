package tunebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.generate.GeneratedText;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.GenerationConfig;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;

/** {@code generate}: continue a prompt, streaming the text, or print ids and text as JSON. */
@Command(mixinStandardHelpOptions = true, name = "generate", description = "Continue a prompt with the model.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT",
                description = "Prompt text (needs tokenizer.json); repeat for a batch.")
        List<String> prompts;

        @Option(names = "--ids", paramLabel = "IDS",
                description = "Prompt token ids, space separated; several prompts separated by commas.")
        String ids;
    }

    @Option(names = "--chat", description = "Wrap the prompt as a user turn with the model's chat template.")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "System message for --chat.")
    String system;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.",
            defaultValue = "128")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Always take the most likely token.")
    boolean greedy;

    @Option(names = "--temperature", paramLabel = "T", description = "Sample with this temperature.")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample from the K most likely tokens (0 = all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample from the smallest set reaching probability P.")
    Double topP;

    @Option(names = "--repetition-penalty", paramLabel = "R", description = "Penalise tokens already present (1 = off).")
    Double repetitionPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed: one seed gives one text.")
    Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when this text appears (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "Do not stop at the end-of-sequence token.")
    boolean ignoreEos;

    @Option(names = "--json", description = "Print one line {\"ids\": [...], \"text\": \"...\"} per prompt, new tokens only.")
    boolean json;

    @Option(names = "--adapter", paramLabel = "DIR", description = "Apply this LoRA adapter (PEFT format).")
    Path adapter;

    @Option(names = "--quantize", paramLabel = "TYPE", description = QuantizeOption.DESCRIPTION)
    String quantize;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        deviceOption.dtype(deviceOption.pick()); // a bad --device or --dtype fails before loading
        if (greedy && (temperature != null || topK != null || topP != null)) {
            throw new IllegalArgumentException("--greedy cannot be combined with --temperature, --top-k or --top-p");
        }
        if (chat && input.prompts == null) {
            throw new IllegalArgumentException("--chat needs --prompt");
        }
        try (LoadedModel lm = deviceOption.load(model, quantize)) {
            if (adapter != null) {
                PeftAdapterReader.read(lm.model(), "adapter", adapter).activate(false);
            }
            TextTokenizer tok = lm.tokenizer().orElse(null);
            List<long[]> prompts = promptIds(lm, tok);
            GenerationSpec gen = spec(lm);
            Generator generator = new Generator(lm.model(),
                    tok == null ? null : ids -> tok.decode(ids, true), // text without special tokens
                    lm.padTokenId());
            PrintWriter out = spec.commandLine().getOut();
            // One prompt streams its text as it comes; a batch prints each text at the end.
            boolean stream = !json && tok != null && prompts.size() == 1;
            GenerationListener listener = !stream ? GenerationListener.NONE
                    : new GenerationListener() {
                        @Override
                        public void tokenGenerated(int row, long tokenId, String textDelta) {
                            out.print(textDelta);
                            out.flush();
                        }
                    };
            for (GeneratedText result : generator.generate(prompts, gen, listener)) {
                out.println(json ? jsonLine(result) : stream ? "" : tok != null ? result.text()
                        : idList(result.ids()));
            }
            out.flush();
            return 0;
        }
    }

    private static String jsonLine(GeneratedText result) throws java.io.IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode line = mapper.createObjectNode();
        var arr = line.putArray("ids");
        for (long id : result.ids()) {
            arr.add(id);
        }
        line.put("text", result.text());
        return mapper.writeValueAsString(line);
    }

    private static String idList(long[] ids) {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            sb.append(sb.length() == 0 ? "" : " ").append(id);
        }
        return sb.toString();
    }

    private List<long[]> promptIds(LoadedModel lm, TextTokenizer tok) {
        if (input.ids != null) {
            List<long[]> seqs = TokenIds.parse(input.ids);
            TokenIds.checkRange(seqs, lm.config().vocabSize());
            return seqs;
        }
        if (tok == null) {
            throw new IllegalArgumentException(model + " has no tokenizer.json; use --ids instead of --prompt");
        }
        List<long[]> out = new ArrayList<>();
        for (String prompt : input.prompts) {
            out.add(chat ? chatIds(tok, prompt) : tok.encode(prompt, true));
        }
        return out;
    }

    private long[] chatIds(TextTokenizer tok, String prompt) {
        ChatTemplate template = ChatTemplate.fromConfig(tok.config())
                .orElseGet(() -> ChatTemplate.chatml().withTokens(tok.config()));
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(new ChatMessage("system", system));
        }
        messages.add(new ChatMessage("user", prompt));
        // The template writes bos itself; adding special tokens again would double it.
        return tok.encodeChat(template.render(messages, true));
    }

    /** Flags first, then the model's generation_config.json, then greedy. */
    private GenerationSpec spec(LoadedModel lm) {
        GenerationConfig g = lm.generationConfig();
        boolean sample = !greedy && (temperature != null || topK != null || topP != null
                || Boolean.TRUE.equals(g.doSample()));
        GenerationSpec s = GenerationSpec.defaults().withMaxNewTokens(maxNewTokens)
                .withGreedy(!sample)
                .withSeed(seed)
                .withStopStrings(stops)
                .withEosTokenIds(ignoreEos ? List.of() : chat ? lm.chatStopTokenIds() : lm.eosTokenIds());
        if (sample) {
            s = s.withSampling(
                    temperature != null ? temperature : g.temperature() != null ? g.temperature() : 1.0,
                    topK != null ? topK : g.topK() != null ? g.topK() : 50,
                    topP != null ? topP : g.topP() != null ? g.topP() : 1.0);
        }
        double rep = repetitionPenalty != null ? repetitionPenalty
                : g.repetitionPenalty() != null ? g.repetitionPenalty() : 1.0;
        return s.withRepetitionPenalty(rep);
    }
}
