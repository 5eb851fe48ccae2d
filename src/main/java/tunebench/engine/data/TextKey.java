package tunebench.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The normalised forms of an example that duplicate checks compare: an exact key (roles and
 * contents with whitespace collapsed and case folded) and the word shingles MinHash samples.
 */
public final class TextKey {

    // Separators no text contains, so "ab"+"c" and "a"+"bc" never make the same key.
    private static final char FIELD = '\u0001';
    private static final char TURN = '\u0002';

    private TextKey() {}

    /** Whitespace runs collapsed to one space, trimmed, lower-cased (locale-independent). */
    public static String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = !out.isEmpty();
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** Two examples are exact duplicates when their keys are equal. */
    public static String exact(Example example) {
        StringBuilder key = new StringBuilder();
        for (ChatMessage m : example.messages()) {
            key.append(m.role()).append(FIELD).append(normalize(m.content())).append(TURN);
        }
        if (example.isPreference()) {
            key.append("rejected").append(FIELD).append(normalize(example.rejected()));
        }
        return key.toString();
    }

    /**
     * The example's word shingles as sorted, distinct 64-bit hashes. Words are runs of letters
     * and digits, lower-cased, so punctuation and spacing do not count. Each shingle carries
     * its occurrence number ("the#2"), making the set a bag of words: with one word per shingle,
     * a reworded question ("Which continent is Chile in?" / "On which continent is Chile?")
     * stays close, while a swapped name that recurs in the answer counts every time it recurs.
     * Each turn starts with a marker word for its role, so a conversation's shape counts a little.
     */
    public static long[] shingles(Example example, int wordsPerShingle) {
        List<String> words = new ArrayList<>();
        for (ChatMessage m : example.messages()) {
            words.add("\u0003" + m.role());
            addWords(m.content(), words);
        }
        if (example.isPreference()) {
            words.add("\u0003rejected");
            addWords(example.rejected(), words);
        }
        int k = Math.max(1, Math.min(wordsPerShingle, words.size()));
        Map<Long, Integer> seen = new HashMap<>();
        long[] hashes = new long[words.size() - k + 1];
        for (int i = 0; i < hashes.length; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = i; j < i + k; j++) {
                h = mix(h ^ hash(words.get(j)));
            }
            int occurrence = seen.merge(h, 1, Integer::sum);
            hashes[i] = mix(h + occurrence * 0xD6E8FEB86659FD93L);
        }
        Arrays.sort(hashes);
        return distinct(hashes);
    }

    private static void addWords(String text, List<String> out) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
    }

    private static long hash(String s) {
        long h = 0xCBF29CE484222325L; // FNV-1a, then mixed: cheap and well spread
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long[] distinct(long[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[n - 1] != sorted[i]) {
                sorted[n++] = sorted[i];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }
}
