package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's tokenizer over the hand-made byte-level BPE in tokenizer/tiny-bpe: 256 byte tokens
 * (id = byte value), merges he=256 ll=257 hell=258 Ġt=259 Ġthe=260, and special tokens
 * {@code <s>}=261 {@code </s>}=262 {@code <pad>}=263 {@code <|im_start|>}=264 {@code <|im_end|>}=265.
 */
class TextTokenizerTest {

    private static TextTokenizer tok;

    @BeforeAll
    static void load() throws IOException {
        tok = TextTokenizer.load(Fixtures.dir("tiny-bpe"));
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void appliesMergesAndNoSpecialTokensByDefault() {
        assertArrayEquals(new long[] {258, 'o', 260}, tok.encode("hello the"));
        assertArrayEquals(new long[] {261, 258, 'o'}, tok.encode("hello", true));
    }

    @Test
    void roundTripsMixedText() {
        String text = "Grüße aus Köln — 你好，世界 🙂\n\ttabs, the end.";
        long[] ids = tok.encode(text);
        assertEquals(text, tok.decode(ids));
        // Byte-level BPE without merges for these: one id per UTF-8 byte, minus merged pairs.
        assertTrue(ids.length > text.length());
    }

    @Test
    void recognisesSpecialTokensWrittenInText() {
        long[] ids = tok.encode("<|im_start|>user\nhello<|im_end|>\n");
        assertArrayEquals(new long[] {264, 'u', 's', 'e', 'r', 10, 258, 'o', 265, 10}, ids);
        assertEquals("<|im_start|>user\nhello<|im_end|>\n", tok.decode(ids));
        assertEquals("user\nhello\n", tok.decode(ids, true));
        assertTrue(tok.isSpecial(265));
        assertFalse(tok.isSpecial(258));
    }

    @Test
    void looksUpSingleTokens() {
        assertEquals(OptionalLong.of(265), tok.tokenId("<|im_end|>"));
        assertEquals(OptionalLong.of(260), tok.tokenId("Ġthe"));
        assertEquals(OptionalLong.empty(), tok.tokenId("hello"));
        assertEquals(OptionalLong.empty(), tok.tokenId(null));
        assertEquals(Optional.of("hell"), tok.token(258));
        assertEquals(Optional.empty(), tok.token(9999));
    }

    @Test
    void resolvesSpecialIdsFromTheConfig() {
        assertEquals(OptionalLong.of(261), tok.bosId());
        assertEquals(OptionalLong.of(262), tok.eosId()); // an AddedToken object in the config
        assertEquals(OptionalLong.of(263), tok.padId());
        assertEquals(266, tok.vocabSize());
    }

    @Test
    void doesNotTruncateLongText() {
        // DJL cuts at 512 tokens unless told not to; the config even says model_max_length 16.
        String text = "x".repeat(2000);
        assertEquals(2000, tok.encode(text).length);
        assertEquals(2001, tok.encode(text, true).length);
        assertEquals(text, tok.decode(tok.encode(text)));
    }

    @Test
    void encodesARenderedChatWithSingleIdMarkers() {
        String text = ChatTemplate.chatml().render(
                List.of(ChatMessage.user("hello"), ChatMessage.assistant("the")), false);
        long[] ids = tok.encode(text);
        assertEquals(2, Arrays.stream(ids).filter(id -> id == 264).count());
        assertEquals(2, Arrays.stream(ids).filter(id -> id == 265).count());
    }

    @Test
    void missingTokenizerJsonNamesTheFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.model"), "sentencepiece");
        IOException e = assertThrows(IOException.class, () -> TextTokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.model"), e.getMessage());
    }

    @Test
    void malformedTokenizerJsonNamesTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
        IOException e = assertThrows(IOException.class, () -> TextTokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json").toString()), e.getMessage());
    }
}
