package tunebench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.data.Conversation;
import tunebench.engine.data.SftDataset;
import tunebench.engine.data.SftEncoder;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.testing.RandomCheckpoint;

/**
 * Exact match and perplexity on a random model with the tiny BPE tokenizer: the counts, the
 * prompts and the scorer are checked, never the accuracy (a random model answers nonsense).
 */
class ExactMatchTest {

    @TempDir
    static Path tmp;

    static LoadedModel lm;
    static List<Conversation> conversations;

    @BeforeAll
    static void setUp() throws Exception {
        lm = ModelLoader.load(modelWithTokenizer(tmp.resolve("model")));
        Path data = tmp.resolve("eval.jsonl");
        Files.writeString(data, String.join("\n",
                "{\"instruction\": \"Say hi\", \"input\": \"\", \"output\": \"hi there\"}",
                "{\"instruction\": \"Say bye\", \"input\": \"politely\", \"output\": \"bye now\"}",
                "{\"instruction\": \"Say yes\", \"input\": \"\", \"output\": \"yes indeed\"}") + "\n");
        conversations = SftDataset.read(data).conversations();
    }

    @AfterAll
    static void tearDown() {
        lm.close();
    }

    /** A random Llama whose vocabulary is the test tokenizer's (261 pieces + 5 specials). */
    static Path modelWithTokenizer(Path dir) throws Exception {
        return RandomCheckpoint.withTinyTokenizer(dir, 5);
    }

    @Test
    void strictMatchIgnoresOnlySurroundingAndRepeatedWhitespace() {
        AnswerNormalization strict = AnswerNormalization.strict();
        assertTrue(strict.matches("Paris", "Paris"));
        assertTrue(strict.matches("  Paris  \n", "Paris"));
        assertTrue(strict.matches("New   York\tCity", "New York City"));
        assertFalse(strict.matches("paris", "Paris"));
        assertFalse(strict.matches("Paris.", "Paris"));
        assertFalse(strict.matches("", "Paris"));
    }

    @Test
    void ignoreCaseAndSquadNormalisationLoosenTheMatch() {
        AnswerNormalization caseless = AnswerNormalization.strict().withIgnoreCase(true);
        assertTrue(caseless.matches(" PARIS ", "Paris"));
        assertFalse(caseless.matches("Paris.", "Paris"));
        AnswerNormalization squad = AnswerNormalization.strict().withSquad(true);
        assertTrue(squad.matches("The Eiffel Tower!", "eiffel tower"));
        assertTrue(squad.matches("an apple, a day", "apple day"));
        assertFalse(squad.matches("theatre", "atre"), "articles are removed as whole words only");
        assertEquals("eiffeltower", squad.normalize("  The  Eiffel-Tower. "), "SQuAD drops hyphens too");
    }

    @Test
    void theLastAnswerIsTheReferenceAndThePromptStopsBeforeIt() {
        Conversation c = Conversation.of(ChatMessage.system("Be brief."), ChatMessage.user("2+2?"),
                ChatMessage.assistant("4"), ChatMessage.user("3+3?"), ChatMessage.assistant("6"));
        EvalExample e = EvalExample.of(c);
        assertEquals("6", e.reference());
        assertEquals(c.messages().subList(0, 4), e.prompt());
        assertThrows(IllegalArgumentException.class,
                () -> EvalExample.of(Conversation.of(ChatMessage.user("no answer"))));
    }

    @Test
    void scoresEveryExampleWithPromptsThatEndAtTheGenerationPrompt() {
        List<EvalProgress> progress = new ArrayList<>();
        EvalListener listener = new EvalListener() {
            @Override
            public void batchCompleted(EvalProgress p) {
                progress.add(p);
            }
        };
        ExactMatch em = new ExactMatch(lm, ChatTemplate.chatml(),
                ExactMatchSpec.defaults().withBatchSize(2).withMaxNewTokens(4));
        ExactMatchResult r = em.run(conversations, listener);
        assertEquals(3, r.total());
        assertEquals(3, r.samples().size());
        assertEquals(r.samples().stream().filter(ExactMatchResult.Sample::correct).count(), r.correct());
        assertEquals((double) r.correct() / 3, r.accuracy(), 1e-12);
        List<String> references = List.of("hi there", "bye now", "yes indeed");
        for (int i = 0; i < 3; i++) {
            ExactMatchResult.Sample s = r.samples().get(i);
            assertEquals(references.get(i), s.reference());
            assertFalse(s.prompt().contains(s.reference()), s.prompt());
            assertTrue(s.prompt().endsWith("<|im_start|>assistant\n"), s.prompt());
        }
        assertTrue(r.samples().get(1).prompt().contains("Say bye\n\npolitely"));
        assertEquals(List.of(2, 3), progress.stream().map(EvalProgress::done).toList(),
                "one report per batch of two");
        assertEquals(r.accuracy(), progress.get(1).value(), 1e-12);
    }

    @Test
    void theAlpacaPromptEndsAtTheResponseHeader() {
        ExactMatch em = new ExactMatch(lm, ChatTemplate.alpaca(), ExactMatchSpec.defaults());
        String prompt = em.renderPrompt(EvalExample.of(conversations.get(0)));
        assertTrue(prompt.endsWith("### Instruction:\nSay hi\n\n### Response:\n"), prompt);
    }

    @Test
    void cancellingKeepsOnlyTheFinishedBatches() {
        EvalListener stopAfterFirst = new EvalListener() {
            boolean stop;

            @Override
            public void batchCompleted(EvalProgress p) {
                stop = true;
            }

            @Override
            public boolean cancelled() {
                return stop;
            }
        };
        ExactMatchResult r = new ExactMatch(lm, ChatTemplate.chatml(),
                ExactMatchSpec.defaults().withBatchSize(1).withMaxNewTokens(2))
                .run(conversations, stopAfterFirst);
        assertEquals(1, r.total());
    }

    @Test
    void perplexityAveragesTheAnswerTokensWhateverTheBatching() {
        ChatTemplate chatml = ChatTemplate.chatml();
        PerplexityResult one = new Perplexity(lm, chatml, 128, 1).run(conversations, EvalListener.NONE);
        PerplexityResult all = new Perplexity(lm, chatml, 128, 3).run(conversations, EvalListener.NONE);
        long answerTokens = new SftEncoder(lm.tokenizerOrNull(), chatml, 128, false)
                .encodeAll(conversations).labelTokens();
        assertEquals(3, one.examples());
        assertEquals(answerTokens, one.tokens());
        assertTrue(one.loss() > 0 && Double.isFinite(one.loss()), "loss " + one.loss());
        assertEquals(Math.exp(one.loss()), one.perplexity(), 1e-9);
        assertEquals(one.loss(), all.loss(), 1e-4, "right padding must not change the loss");
    }
}
