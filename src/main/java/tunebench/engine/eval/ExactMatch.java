package tunebench.engine.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.generate.GeneratedText;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.ChatTemplateException;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * Exact-match accuracy: each example's prompt is rendered with the chat template (generation
 * prompt added), answered greedily, and the normalised answer compared with the normalised
 * reference. Runs on the calling thread, which must own the model's DJL calls.
 */
public final class ExactMatch {

    private final LoadedModel lm;
    private final TextTokenizer tok;
    private final ChatTemplate template;
    private final ExactMatchSpec spec;

    /**
     * @param template rendered with the tokenizer's BOS/EOS when it has none of its own, as in
     *                 training, so the prompt matches what the model was tuned on
     * @throws IllegalArgumentException when the model folder has no tokenizer
     */
    public ExactMatch(LoadedModel lm, ChatTemplate template, ExactMatchSpec spec) {
        this.lm = Objects.requireNonNull(lm, "lm");
        this.tok = requireTokenizer(lm);
        this.template = new SftEncoder(tok, template, 1, false).template();
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    static TextTokenizer requireTokenizer(LoadedModel lm) {
        if (lm.tokenizerOrNull() == null) {
            throw new IllegalArgumentException(lm.folder().dir()
                    + " has no tokenizer.json; evaluation needs text");
        }
        return lm.tokenizerOrNull();
    }

    public ChatTemplate template() {
        return template;
    }

    /** The prompt text the model continues: the conversation before the reference. */
    public String renderPrompt(EvalExample example) {
        try {
            return template.render(example.prompt(), true);
        } catch (ChatTemplateException e) {
            throw new IllegalArgumentException("line " + example.line() + ": " + e.getMessage(), e);
        }
    }

    public ExactMatchResult run(List<Conversation> conversations, EvalListener listener) {
        return score(EvalExample.of(conversations), listener);
    }

    /**
     * Scores every example in batches of {@code spec.batchSize()}. A cancelled run returns the
     * batches finished before it; the batch in flight is dropped, its answers being cut short.
     */
    public ExactMatchResult score(List<EvalExample> examples, EvalListener listener) {
        Generator generator = new Generator(lm.model(), ids -> tok.decode(ids, true),
                lm.padTokenId());
        GenerationListener cancel = new GenerationListener() {
            @Override
            public boolean cancelled() {
                return listener.cancelled();
            }
        };
        List<Long> stops = lm.chatStopTokenIds();
        List<ExactMatchResult.Sample> samples = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size() && !listener.cancelled(); from += spec.batchSize()) {
            List<EvalExample> batch = examples.subList(from,
                    Math.min(from + spec.batchSize(), examples.size()));
            List<String> prompts = new ArrayList<>(batch.size());
            List<long[]> ids = new ArrayList<>(batch.size());
            int budget = 1;
            for (EvalExample e : batch) {
                String prompt = renderPrompt(e);
                prompts.add(prompt);
                // BOS only when the template did not write it (add_bos_token models)
                ids.add(tok.encodeChat(prompt));
                budget = Math.max(budget, spec.budgetFor(tok.encode(e.reference(), false).length));
            }
            GenerationSpec gen = GenerationSpec.greedy(budget).withEosTokenIds(stops);
            List<GeneratedText> answers = generator.generate(ids, gen, cancel);
            if (listener.cancelled()) {
                break;
            }
            for (int i = 0; i < batch.size(); i++) {
                String reference = batch.get(i).reference();
                String answer = answers.get(i).text();
                samples.add(new ExactMatchResult.Sample(prompts.get(i), reference, answer,
                        spec.normalization().matches(answer, reference)));
            }
            ExactMatchResult soFar = ExactMatchResult.of(samples);
            listener.batchCompleted(new EvalProgress("exact_match", samples.size(),
                    examples.size(), soFar.accuracy()));
        }
        return ExactMatchResult.of(samples);
    }
}
