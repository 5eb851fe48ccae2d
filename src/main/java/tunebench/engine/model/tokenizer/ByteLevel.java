package tunebench.engine.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level pre-tokenizer as Hugging Face's {@code ByteLevel} runs it with
 * {@code add_prefix_space: false, use_regex: true}: split on GPT-2's regex, then spell each
 * UTF-8 byte as one printable character of {@code bytes_to_unicode} (space is "Ġ").
 */
final class ByteLevel {

    /** GPT-2's split; UNICODE_CHARACTER_CLASS makes {@code \s} Unicode-wide, as in Rust's regex. */
    static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_CHAR = bytesToUnicode();

    private ByteLevel() {}

    /** The printable character standing for a byte (0..255). */
    static char byteChar(int b) {
        return BYTE_CHAR[b & 0xff];
    }

    /** The pre-tokens of a text, in order, as raw (unmapped) strings. */
    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = GPT2_SPLIT.matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    /** A pre-token's UTF-8 bytes as unsigned values, the BPE's starting symbols. */
    static int[] bytes(String piece) {
        byte[] utf8 = piece.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            out[i] = utf8[i] & 0xff;
        }
        return out;
    }

    // Printable bytes map to themselves; the other 68 (controls, space, 0x7f-0xa0, 0xad) to
    // 256, 257, ... in byte order, so no vocabulary entry holds whitespace or a control char.
    private static char[] bytesToUnicode() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
            table[b] = (char) (printable ? b : next++);
        }
        return table;
    }
}
