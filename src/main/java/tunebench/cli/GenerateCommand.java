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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.generate.GeneratedText;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.GenerationConfig;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;

/** {@code generate}: continue a prompt, streaming the text, or print ids and text as JSON. */
@Command(name = "generate", description = "Continue a prompt with the model.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text (needs tokenizer.json).")
        String prompt;

        @Option(names = "--ids", paramLabel = "IDS", description = "Prompt token ids, space separated.")
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

    @Option(names = "--json", description = "Print one line {\"ids\": [...], \"text\": \"...\"} with the new tokens only.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (greedy && (temperature != null || topK != null || topP != null)) {
            throw new IllegalArgumentException("--greedy cannot be combined with --temperature, --top-k or --top-p");
        }
        if (chat && input.prompt == null) {
            throw new IllegalArgumentException("--chat needs --prompt");
        }
        try (LoadedModel lm = ModelLoader.load(model)) {
            TextTokenizer tok = lm.tokenizer().orElse(null);
            long[] promptIds = promptIds(lm, tok);
            GenerationSpec gen = spec(lm);
            Generator generator = new Generator(lm.model(),
                    tok == null ? null : ids -> tok.decode(ids, true), // text without special tokens
                    lm.padTokenId());
            PrintWriter out = spec.commandLine().getOut();
            GenerationListener streaming = json || tok == null ? GenerationListener.NONE
                    : new GenerationListener() {
                        @Override
                        public void tokenGenerated(int row, long tokenId, String textDelta) {
                            out.print(textDelta);
                            out.flush();
                        }
                    };
            GeneratedText result = generator.generate(List.of(promptIds), gen, streaming).get(0);
            if (json) {
                ObjectNode line = new ObjectMapper().createObjectNode();
                var arr = line.putArray("ids");
                for (long id : result.ids()) {
                    arr.add(id);
                }
                line.put("text", result.text());
                out.println(new ObjectMapper().writeValueAsString(line));
            } else if (tok == null) {
                StringBuilder sb = new StringBuilder();
                for (long id : result.ids()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(id);
                }
                out.println(sb);
            } else {
                out.println();
            }
            out.flush();
            return 0;
        }
    }

    private long[] promptIds(LoadedModel lm, TextTokenizer tok) {
        if (input.ids != null) {
            List<long[]> seqs = TokenIds.parse(input.ids);
            if (seqs.size() != 1) {
                throw new IllegalArgumentException("--ids: generate takes one sequence");
            }
            TokenIds.checkRange(seqs, lm.config().vocabSize());
            return seqs.get(0);
        }
        if (tok == null) {
            throw new IllegalArgumentException(model + " has no tokenizer.json; use --ids instead of --prompt");
        }
        if (!chat) {
            return tok.encode(input.prompt, true);
        }
        ChatTemplate template = ChatTemplate.fromConfig(tok.config())
                .orElseGet(() -> ChatTemplate.chatml().withTokens(tok.config()));
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(new ChatMessage("system", system));
        }
        messages.add(new ChatMessage("user", input.prompt));
        // The template writes bos itself; adding special tokens again would double it.
        return tok.encode(template.render(messages, true), false);
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
                .withEosTokenIds(ignoreEos ? List.of() : lm.eosTokenIds());
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
