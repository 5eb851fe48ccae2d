package tunebench.engine.data;

import java.util.List;

/**
 * Conversations encoded for training, with the counts a run reports before it starts: how many
 * were cut to the max length, and how many were dropped because no label survived.
 *
 * @param problems conversations the chat template refused (kind "template"), also not in examples
 */
public record EncodedDataset(List<SftExample> examples, int truncated, int dropped,
        List<DataProblem> problems) {

    public EncodedDataset {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    /** Label tokens over all examples: what one epoch trains on. */
    public long labelTokens() {
        return examples.stream().mapToLong(SftExample::labelCount).sum();
    }
}
