package tunebench.engine.data;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Counts tokens as a model would see them, for the too-long check and length statistics. An
 * implementation must be safe to call from several threads: counts run in parallel.
 */
public interface TokenCounter {

    /**
     * Tokens of the example as training encodes it, never truncated: the chat template applied;
     * for a preference pair, the longer of prompt + chosen and prompt + rejected.
     *
     * @throws IllegalArgumentException when the chat template refuses the conversation
     */
    int count(Example example);

    /** Tokens of a piece of text alone: no template, no special tokens added. */
    int countText(String text);

    /** The model's context length (max_position_embeddings): the default length limit. */
    int contextLength();

    /** What is counted, for a report: "tokens (tunebench-tiny, chatml template)". */
    String describe();

    /** Counts of many texts; in parallel, as the tokenizer allows. */
    default int[] countTexts(List<String> texts) {
        return IntStream.range(0, texts.size()).parallel().map(i -> countText(texts.get(i))).toArray();
    }
}
