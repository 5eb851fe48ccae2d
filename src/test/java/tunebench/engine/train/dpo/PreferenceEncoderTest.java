package tunebench.engine.train.dpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.runtime.DjlRuntime;

/**
 * Tokenizing pairs as TRL does, with the hand-made byte-level BPE of the test resources
 * (<s> 261, </s> 262, <pad> 263, <|im_start|> 264, <|im_end|> 265).
 */
class PreferenceEncoderTest {

    private static TextTokenizer tok;

    @BeforeAll
    static void load() throws Exception {
        DjlRuntime.configure();
        tok = TextTokenizer.load(Path.of(PreferenceEncoderTest.class.getResource("/tokenizer/tiny-bpe").toURI()));
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void chatTemplateGivesThePromptWithGenerationPromptAndRepliesThroughEndOfTurn() {
        PreferenceEncoder encoder = new PreferenceEncoder(tok, ChatTemplate.chatml(), 1024, 512);
        PreferencePair pair = new PreferencePair(List.of(ChatMessage.system("Be kind."),
                ChatMessage.user("hi")), "hello there", "go", 7);
        PreferenceExample e = encoder.encode(pair);
        assertArrayEquals(tok.encode("<|im_start|>system\nBe kind.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                + "<|im_start|>assistant\n", false), e.prompt());
        assertEquals("hello there<|im_end|>", tok.decode(e.chosen()));
        assertEquals("go<|im_end|>", tok.decode(e.rejected()));
        assertEquals(7, e.line());
        assertFalse(e.truncated());

        DpoBatch batch = DpoBatch.of(List.of(e), tok.padId().getAsLong());
        long[] labels = batch.labels()[0];
        for (int i = 0; i < e.prompt().length; i++) {
            assertEquals(DpoBatch.IGNORE_INDEX, labels[i], "prompt position " + i + " is labelled");
        }
        assertEquals(265, labels[e.prompt().length + e.chosen().length - 1]);
        assertEquals(263, batch.inputIds()[1][batch.sequenceLength() - 1], "rejected row is right-padded");
        assertEquals(0, batch.attentionMask()[1][batch.sequenceLength() - 1]);
    }

    @Test
    void rawTextGetsBosBeforeThePromptAndEosAfterEachReply() {
        PreferenceEncoder encoder = new PreferenceEncoder(tok, null, 1024, 512);
        PreferenceExample e = encoder.encode(PreferencePair.of("the hell", "yes", "no"));
        assertEquals(261, e.prompt()[0]);
        assertEquals("<s>the hell", tok.decode(e.prompt()));
        assertEquals("yes</s>", tok.decode(e.chosen()));
        assertEquals("no</s>", tok.decode(e.rejected()));
    }

    @Test
    void truncationKeepsTheEndOfThePromptWithItsBosThenCutsReplies() {
        long[] prompt = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        long[] chosen = {20, 21, 22, 23, 24};
        long[] rejected = {30, 31, 32};
        OptionalLong bos = OptionalLong.of(1);
        OptionalLong eos = OptionalLong.of(2);

        PreferenceExample fits = PreferenceEncoder.fromIds(prompt, chosen, rejected, bos, eos, 17, 6, 0);
        assertFalse(fits.truncated());
        assertEquals(11, fits.prompt().length);

        PreferenceExample promptCut = PreferenceEncoder.fromIds(prompt, chosen, rejected, bos, eos, 12, 6, 0);
        assertTrue(promptCut.truncated());
        assertArrayEquals(new long[] {1, 15, 16, 17, 18, 19}, promptCut.prompt());
        assertArrayEquals(new long[] {20, 21, 22, 23, 24, 2}, promptCut.chosen());

        PreferenceExample bothCut = PreferenceEncoder.fromIds(prompt, chosen, rejected, bos, eos, 10, 6, 0);
        assertArrayEquals(new long[] {1, 15, 16, 17, 18, 19}, bothCut.prompt());
        assertArrayEquals(new long[] {20, 21, 22, 23}, bothCut.chosen());
        assertArrayEquals(new long[] {30, 31, 32, 2}, bothCut.rejected());
        assertTrue(bothCut.length() <= 10);
    }
}
