package tunebench.engine.model.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Trains a GPT-2-style byte-level BPE (Sennrich et al., https://arxiv.org/abs/1508.07909; byte
 * level as in GPT-2): 256 byte tokens (id = byte value), then the most frequent adjacent pair
 * merged again and again until the vocabulary, special tokens included, has the asked size.
 */
public final class BpeTrainer {

    private BpeTrainer() {}

    /**
     * Learns merges from the texts. Stops early when no pair is left to merge (a tiny text);
     * ties go to the pair with the smallest ids, so the same texts give the same merges.
     *
     * @param vocabSize     total size: 256 bytes + merges + special tokens
     * @param specialTokens appended after the merges as added tokens; never split by training
     */
    public static TrainedBpe train(List<String> texts, int vocabSize, List<String> specialTokens) {
        List<String> specials = List.copyOf(specialTokens);
        if (vocabSize < 256 + specials.size()) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " leaves no room for the"
                    + " 256 byte tokens and " + specials.size() + " special tokens");
        }
        if (new HashSet<>(specials).size() != specials.size()) {
            throw new IllegalArgumentException("Duplicate special tokens: " + specials);
        }
        Merger merger = new Merger(countWords(texts, specials));
        merger.run(vocabSize - specials.size());
        return new TrainedBpe(merger.vocab(), merger.merges, specials);
    }

    // Words (pre-tokens) counted first: English text has few distinct words, so the merge loop
    // works on tens of thousands of words instead of millions of occurrences.
    private static Map<String, Integer> countWords(List<String> texts, List<String> specials) {
        Pattern specialSplit = specials.isEmpty() ? null : Pattern.compile(String.join("|",
                specials.stream().map(Pattern::quote).toList()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            // Special tokens written in the text (rendered chats) split it, as at encode time.
            String[] parts = specialSplit == null ? new String[] {text} : specialSplit.split(text);
            for (String part : parts) {
                for (String word : ByteLevel.split(part)) {
                    counts.merge(word, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The merge loop with incremental pair counts (a lazy max-heap over the pair counts). */
    private static final class Merger {
        private final int[][] words;
        private final int[] freqs;
        private final Map<Long, Integer> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
        private final PriorityQueue<Candidate> heap = new PriorityQueue<>();
        private final List<String> tokens = new ArrayList<>();
        private final Map<String, Integer> idOfToken = new HashMap<>();
        final List<String> merges = new ArrayList<>();

        Merger(Map<String, Integer> wordCounts) {
            for (int b = 0; b < 256; b++) {
                addToken(String.valueOf(ByteLevel.byteChar(b)));
            }
            words = new int[wordCounts.size()][];
            freqs = new int[wordCounts.size()];
            int w = 0;
            for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
                words[w] = ByteLevel.bytes(e.getKey());
                freqs[w] = e.getValue();
                addPairs(w, null);
                w++;
            }
            pairCounts.forEach((pair, count) -> heap.add(new Candidate(count, pair)));
        }

        void run(int targetSize) {
            while (tokens.size() < targetSize && !heap.isEmpty()) {
                Candidate best = heap.poll();
                Integer current = pairCounts.get(best.pair);
                if (current == null || current != best.count) {
                    continue; // stale: the pair's count changed and a fresher entry is queued
                }
                merge(best.pair);
            }
        }

        Map<String, Integer> vocab() {
            Map<String, Integer> vocab = new LinkedHashMap<>();
            for (int id = 0; id < tokens.size(); id++) {
                vocab.put(tokens.get(id), id);
            }
            return vocab;
        }

        private void merge(long pair) {
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            String text = tokens.get(a) + tokens.get(b);
            merges.add(tokens.get(a) + " " + tokens.get(b));
            // ("a","bc") and ("ab","c") spell the same token: both merges share its one id.
            Integer existing = idOfToken.get(text);
            int merged = existing != null ? existing : addToken(text);
            Set<Long> changed = new HashSet<>();
            for (int w : wordsWithPair.remove(pair)) {
                removePairs(w, changed);
                words[w] = mergeIn(words[w], a, b, merged);
                addPairs(w, changed);
            }
            pairCounts.remove(pair);
            for (long p : changed) {
                Integer count = pairCounts.get(p);
                if (count != null && count > 0) {
                    heap.add(new Candidate(count, p));
                }
            }
        }

        private static int[] mergeIn(int[] symbols, int a, int b, int merged) {
            int[] out = new int[symbols.length];
            int n = 0;
            for (int i = 0; i < symbols.length; i++) {
                if (i + 1 < symbols.length && symbols[i] == a && symbols[i + 1] == b) {
                    out[n++] = merged;
                    i++;
                } else {
                    out[n++] = symbols[i];
                }
            }
            return Arrays.copyOf(out, n);
        }

        private void addPairs(int w, Set<Long> changed) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long p = key(s[i], s[i + 1]);
                pairCounts.merge(p, freqs[w], Integer::sum);
                wordsWithPair.computeIfAbsent(p, k -> new HashSet<>()).add(w);
                if (changed != null) {
                    changed.add(p);
                }
            }
        }

        // Leaves the word in wordsWithPair's sets: a stale entry only costs a no-op merge later.
        private void removePairs(int w, Set<Long> changed) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long p = key(s[i], s[i + 1]);
                pairCounts.computeIfPresent(p, (k, c) -> c - freqs[w] == 0 ? null : c - freqs[w]);
                changed.add(p);
            }
        }

        private int addToken(String text) {
            idOfToken.put(text, tokens.size());
            tokens.add(text);
            return tokens.size() - 1;
        }

        private static long key(int a, int b) {
            return ((long) a << 32) | (b & 0xffffffffL);
        }
    }

    /** Most frequent first; among equals, the smallest pair of ids. */
    private record Candidate(int count, long pair) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            return count != o.count ? Integer.compare(o.count, count) : Long.compare(pair, o.pair);
        }
    }
}
