package tunebench.engine.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * How often a model's greedy answers to held-out prompts follow the preferred style of the
 * sample preference data ({@link PreferredStyle}): the measure of whether DPO moved the model
 * toward the chosen replies. Runs on the calling thread, which must own the model's DJL calls.
 */
public final class StyleRate {

    /** One prompt and what the model answered. */
    public record Sample(String prompt, String answer, boolean preferred, boolean dispreferred) {}

    /**
     * @param preferred answers that follow the preferred style
     * @param dispreferred answers holding a rude or rambling phrase
     */
    public record Result(int total, int preferred, int dispreferred, List<Sample> samples) {

        /** Share of answers in the preferred style; NaN with no prompt. */
        public double rate() {
            return total == 0 ? Double.NaN : (double) preferred / total;
        }

        public double dispreferredRate() {
            return total == 0 ? Double.NaN : (double) dispreferred / total;
        }
    }

    private final LoadedModel lm;
    private final TextTokenizer tok;
    private final ChatTemplate template;
    private final int maxNewTokens;
    private final int batchSize;

    /** @param template the one training used; rendered with the tokenizer's BOS/EOS as there */
    public StyleRate(LoadedModel lm, ChatTemplate template, int maxNewTokens, int batchSize) {
        this.lm = Objects.requireNonNull(lm, "lm");
        this.tok = ExactMatch.requireTokenizer(lm);
        this.template = new SftEncoder(tok, template, 1, false).template();
        this.maxNewTokens = maxNewTokens;
        this.batchSize = Math.max(1, batchSize);
    }

    /** Answers each single-turn prompt greedily and scores the answers. */
    public Result run(List<String> prompts) {
        Generator generator = new Generator(lm.model(), ids -> tok.decode(ids, true),
                lm.padTokenId());
        GenerationSpec spec = GenerationSpec.greedy(maxNewTokens)
                .withEosTokenIds(lm.chatStopTokenIds());
        List<Sample> samples = new ArrayList<>(prompts.size());
        int preferred = 0;
        int dispreferred = 0;
        for (int from = 0; from < prompts.size(); from += batchSize) {
            List<String> batch = prompts.subList(from, Math.min(from + batchSize, prompts.size()));
            List<long[]> ids = new ArrayList<>();
            for (String p : batch) {
                ids.add(tok.encodeChat(template.render(List.of(ChatMessage.user(p)), true)));
            }
            var texts = generator.generate(ids, spec, GenerationListener.NONE);
            for (int i = 0; i < batch.size(); i++) {
                String answer = texts.get(i).text().strip();
                boolean good = PreferredStyle.follows(answer);
                boolean bad = PreferredStyle.dispreferred(answer);
                preferred += good ? 1 : 0;
                dispreferred += bad ? 1 : 0;
                samples.add(new Sample(batch.get(i), answer, good, bad));
            }
        }
        return new Result(prompts.size(), preferred, dispreferred, samples);
    }
}
