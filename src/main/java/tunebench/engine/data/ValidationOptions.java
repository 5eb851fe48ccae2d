package tunebench.engine.data;

import java.util.Optional;

/**
 * What {@link DatasetValidator} checks and how strictly; defaults in one place, edits through
 * {@code withX} copies.
 *
 * @param nearDuplicates       whether to look for near duplicates at all
 * @param nearThreshold        Jaccard similarity of two examples' word shingles from which they
 *                             count as near duplicates (measured on the sample data: see
 *                             {@link #DEFAULT_NEAR_THRESHOLD})
 * @param shingleWords         words per shingle; 1 compares bags of words
 * @param permutations         MinHash permutations
 * @param tokens               counts tokens for the too-long check; empty skips it
 * @param maxLength            the token limit; 0 means the counter's context length
 * @param minorityFactor       a category is flagged below this fraction of an even share
 * @param majorityShare        with three or more categories, one above this share is flagged
 */
public record ValidationOptions(boolean nearDuplicates, double nearThreshold, int shingleWords,
        int permutations, Optional<TokenCounter> tokens, int maxLength, double minorityFactor,
        double majorityShare) {

    /**
     * Catches sample-data/flawed.jsonl's planted near duplicate (similarity 0.87) while, in
     * sample-data/instructions.json, every pair it flags has the same answer: reworded
     * questions, never a template filled with another name.
     */
    public static final double DEFAULT_NEAR_THRESHOLD = 0.85;
    /** A category with under a fifth of an even share (under 5% of four categories). */
    public static final double DEFAULT_MINORITY_FACTOR = 0.2;
    /** One category of three or more holding over half the examples. */
    public static final double DEFAULT_MAJORITY_SHARE = 0.5;

    public ValidationOptions {
        tokens = tokens == null ? Optional.empty() : tokens;
        if (!(nearThreshold > 0 && nearThreshold <= 1)) {
            throw new IllegalArgumentException("near-duplicate threshold must be in (0, 1], not " + nearThreshold);
        }
        if (shingleWords < 1 || permutations < 1) {
            throw new IllegalArgumentException("shingle words and permutations must be at least 1");
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("max length must be positive (0: the model's), not " + maxLength);
        }
        if (!(minorityFactor >= 0 && minorityFactor < 1) || !(majorityShare > 0 && majorityShare <= 1)) {
            throw new IllegalArgumentException("imbalance thresholds must be shares between 0 and 1");
        }
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(true, DEFAULT_NEAR_THRESHOLD, 1, MinHash.DEFAULT_PERMUTATIONS,
                Optional.empty(), 0, DEFAULT_MINORITY_FACTOR, DEFAULT_MAJORITY_SHARE);
    }

    public ValidationOptions withNearDuplicates(boolean on) {
        return new ValidationOptions(on, nearThreshold, shingleWords, permutations, tokens,
                maxLength, minorityFactor, majorityShare);
    }

    public ValidationOptions withNearThreshold(double threshold) {
        return new ValidationOptions(nearDuplicates, threshold, shingleWords, permutations, tokens,
                maxLength, minorityFactor, majorityShare);
    }

    public ValidationOptions withShingleWords(int words) {
        return new ValidationOptions(nearDuplicates, nearThreshold, words, permutations, tokens,
                maxLength, minorityFactor, majorityShare);
    }

    public ValidationOptions withTokens(TokenCounter counter) {
        return new ValidationOptions(nearDuplicates, nearThreshold, shingleWords, permutations,
                Optional.of(counter), maxLength, minorityFactor, majorityShare);
    }

    public ValidationOptions withMaxLength(int length) {
        return new ValidationOptions(nearDuplicates, nearThreshold, shingleWords, permutations,
                tokens, length, minorityFactor, majorityShare);
    }

    public ValidationOptions withImbalance(double minority, double majority) {
        return new ValidationOptions(nearDuplicates, nearThreshold, shingleWords, permutations,
                tokens, maxLength, minority, majority);
    }

    /** The token limit in force: the given max length, else the counter's context length. */
    public Optional<Integer> effectiveMaxLength() {
        return tokens.map(t -> maxLength > 0 ? maxLength : t.contextLength());
    }
}
