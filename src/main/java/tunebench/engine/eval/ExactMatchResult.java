package tunebench.engine.eval;

import java.util.List;

/**
 * The outcome of an exact-match evaluation: counts, accuracy, and every example's prompt,
 * reference and answer, so a view can list the misses.
 *
 * @param total    examples scored (fewer than the file's when cancelled)
 * @param accuracy correct / total, or NaN when nothing was scored
 */
public record ExactMatchResult(int total, int correct, double accuracy, List<Sample> samples) {

    public ExactMatchResult {
        samples = List.copyOf(samples);
    }

    static ExactMatchResult of(List<Sample> samples) {
        int correct = (int) samples.stream().filter(Sample::correct).count();
        double accuracy = samples.isEmpty() ? Double.NaN : (double) correct / samples.size();
        return new ExactMatchResult(samples.size(), correct, accuracy, samples);
    }

    /**
     * @param prompt    the rendered prompt text the model continued (chat template included)
     * @param reference the expected answer as written in the data file
     * @param answer    the generated text, special tokens removed
     */
    public record Sample(String prompt, String reference, String answer, boolean correct) {}
}
