package tunebench.app.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tunebench.engine.generate.GeneratedText;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.generate.TokenScorer;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * The work behind one comparison, on one worker thread (every DJL call for the model happens
 * there): load the base and the columns' adapters, then prompt by prompt generate each column
 * in turn with the same spec and seed, and score each column's tokens under the models the
 * colours need. Columns run one after another because they share one model in memory and
 * differ only in which adapter is active. Reports through {@link Events}; stops between
 * tokens when asked.
 */
final class ComparisonJob {

    /** What the job reports, on its own thread. */
    interface Events {
        void status(String text);

        void encoded(List<long[]> promptIds, boolean chat);

        void columnStarted(int prompt, int column);

        void token(int prompt, int column, long id, String text);

        void columnFinished(int prompt, int column, GeneratedText result);

        /** The column's tokens scored under {@code underColumn}'s model (itself included). */
        void scored(int prompt, int column, int underColumn, float[] logProbs);

        boolean cancelled();
    }

    /** Score {@code column}'s text of {@code prompt} under {@code underColumn}'s model. */
    record ScoreRequest(int prompt, int column, int underColumn) {}

    /**
     * @param spec sampling and length; stop tokens are filled in from the model
     * @param orders per prompt, the order its columns generate in (blind mode generates in the
     *     shuffled order shown, so which answer grows first gives nothing away)
     * @param scorePlan per prompt, the scores it needs once all its columns are done
     */
    record Request(Path baseDir, List<ColumnSource> columns, List<String> prompts, boolean raw,
            GenerationSpec spec, List<int[]> orders, List<List<ScoreRequest>> scorePlan) {}

    private final ModelCache cache;
    private final Events events;

    ComparisonJob(ModelCache cache, Events events) {
        this.cache = cache;
        this.events = events;
    }

    void run(Request r) throws IOException {
        LoadedModel lm = loadAll(r.baseDir(), r.columns());
        TextTokenizer tok = lm.tokenizer().orElseThrow(() -> new IOException(r.baseDir()
                + " has no tokenizer.json, so its prompts cannot be written as text"));
        ChatTemplate template = r.raw() ? null : ChatTemplate.fromConfig(tok.config()).orElse(null);
        List<long[]> promptIds = new ArrayList<>();
        for (String p : r.prompts()) {
            // Raw text gets the tokenizer's own special tokens (BOS), as `generate --prompt` does.
            promptIds.add(template == null ? tok.encode(p, true)
                    : tok.encodeChat(template.render(List.of(ChatMessage.user(p)), true)));
        }
        events.encoded(promptIds, template != null);
        GenerationSpec spec = r.spec().withEosTokenIds(
                template != null ? lm.chatStopTokenIds() : lm.eosTokenIds());
        Generator generator = new Generator(lm.model(), ids -> tok.decode(ids, true), lm.padTokenId());
        for (int p = 0; p < promptIds.size(); p++) {
            long[][] outputs = new long[r.columns().size()][];
            for (int c : r.orders().get(p)) {
                if (events.cancelled()) {
                    return;
                }
                outputs[c] = generate(generator, spec, r, promptIds.get(p), p, c);
            }
            if (events.cancelled()) {
                return; // the last column was cut short: its scores would describe half a text
            }
            score(new TokenScorer(lm.model()), r.columns(), r.scorePlan().get(p),
                    promptIds.get(p), outputs);
        }
    }

    /** The token ids of finished texts, for scoring them again. */
    interface Texts {
        long[] promptIds(int prompt);

        long[] outputIds(int prompt, int column);
    }

    /** Scores texts generated earlier under other models (the user picked another reference). */
    void rescore(Path baseDir, List<ColumnSource> columns, List<ScoreRequest> requests, Texts texts)
            throws IOException {
        LoadedModel lm = loadAll(baseDir, columns);
        TokenScorer scorer = new TokenScorer(lm.model());
        for (ScoreRequest s : requests) {
            if (events.cancelled()) {
                return;
            }
            cache.use(columns.get(s.underColumn()), events::status);
            events.scored(s.prompt(), s.column(), s.underColumn(), scorer.logProbs(
                    texts.promptIds(s.prompt()), texts.outputIds(s.prompt(), s.column())));
        }
    }

    /** The base, then every column's adapter, so a bad adapter fails before any generating. */
    private LoadedModel loadAll(Path baseDir, List<ColumnSource> columns) throws IOException {
        LoadedModel lm = cache.base(baseDir, events::status);
        for (ColumnSource c : columns) {
            cache.load(c, events::status);
        }
        return lm;
    }

    private long[] generate(Generator generator, GenerationSpec spec, Request r, long[] prompt,
            int p, int c) throws IOException {
        cache.use(r.columns().get(c), events::status);
        events.columnStarted(p, c);
        GeneratedText out = generator.generate(List.of(prompt), spec, new GenerationListener() {
            @Override
            public void tokenGenerated(int row, long tokenId, String textDelta) {
                events.token(p, c, tokenId, textDelta);
            }

            @Override
            public boolean cancelled() {
                return events.cancelled();
            }
        }).get(0);
        events.columnFinished(p, c, out);
        return out.ids();
    }

    /** Grouped by model, so each adapter is switched on once per prompt. */
    private void score(TokenScorer scorer, List<ColumnSource> columns, List<ScoreRequest> plan,
            long[] prompt, long[][] outputs) throws IOException {
        for (int under = 0; under < columns.size(); under++) {
            for (ScoreRequest s : plan) {
                if (s.underColumn() != under || events.cancelled()) {
                    continue;
                }
                cache.use(columns.get(under), events::status);
                events.scored(s.prompt(), s.column(), under, scorer.logProbs(prompt, outputs[s.column()]));
            }
        }
    }
}
