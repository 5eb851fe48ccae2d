package tunebench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.eval.StyleRate;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.dpo.PreferenceDataset;
import tunebench.engine.train.dpo.PreferencePair;

/**
 * {@code preference-eval}: the share of a model's greedy answers to a preference file's
 * prompts that follow the preferred style of Tunebench's sample data (a polite closer, no
 * rude or rambling phrase; see {@code PreferredStyle}). Run it with the SFT adapter and with
 * the DPO adapter to see how far DPO moved the answers toward the chosen replies.
 */
@Command(name = "preference-eval", mixinStandardHelpOptions = true,
        description = "Share of greedy answers to a preference file's prompts in the sample data's preferred style.")
final class PreferenceEvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "Apply this LoRA adapter (PEFT format).")
    Path adapter;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Preference file (prompt/chosen/rejected); its prompts are answered.")
    Path data;

    @Option(names = "--chat-template", paramLabel = "NAME",
            description = "chatml or alpaca; default: the model's own, else chatml (as DPO training picks it).")
    String chatTemplate;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "48",
            description = "Cap on each answer's tokens. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N prompts.")
    Integer limit;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Prompts generated together. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--show", paramLabel = "N", defaultValue = "3",
            description = "Answers printed after the rate. Default: ${DEFAULT-VALUE}.")
    int show;

    @Option(names = "--json", description = "Print one line {\"prompts\": N, \"style_rate\": x, \"dispreferred_rate\": y}.")
    boolean json;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        deviceOption.dtype(deviceOption.pick()); // a bad --device or --dtype fails before reading
        ChatTemplate named = chatTemplate == null ? null : ChatTemplate.named(chatTemplate);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PreferenceDataset file = PreferenceDataset.read(data);
        for (DataProblem p : file.problems()) {
            err.println(data + " " + p.describe());
        }
        List<String> prompts = new ArrayList<>();
        for (PreferencePair pair : file.pairs()) {
            // the last user turn: the sample data's prompts are single questions
            prompts.add(pair.prompt().get(pair.prompt().size() - 1).content());
        }
        if (limit != null && limit < prompts.size()) {
            prompts = prompts.subList(0, Math.max(0, limit));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(data + " has no prompt to answer");
        }
        try (LoadedModel lm = deviceOption.load(model, null)) {
            if (adapter != null) {
                PeftAdapterReader.read(lm.model(), "adapter", adapter).activate(false);
            }
            TextTokenizer tok = lm.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                    model + " has no tokenizer.json; evaluation needs text"));
            ChatTemplate template = named != null ? named : SftEncoder.defaultTemplate(tok, "messages");
            StyleRate.Result r = new StyleRate(lm, template, maxNewTokens, batchSize).run(prompts);
            if (json) {
                ObjectNode line = new ObjectMapper().createObjectNode();
                line.put("prompts", r.total());
                line.put("style_rate", r.rate());
                line.put("dispreferred_rate", r.dispreferredRate());
                out.println(line);
            } else {
                out.printf("Prompts:            %d%n", r.total());
                out.printf("Preferred style:    %.1f%% (%d)%n", 100 * r.rate(), r.preferred());
                out.printf("Rude or rambling:   %.1f%% (%d)%n", 100 * r.dispreferredRate(), r.dispreferred());
                r.samples().stream().limit(Math.max(0, show)).forEach(s ->
                        out.printf("  %s -> %s%n", s.prompt(), s.answer().replace("\n", " ")));
            }
            out.flush();
            err.flush();
            return 0;
        }
    }
}
