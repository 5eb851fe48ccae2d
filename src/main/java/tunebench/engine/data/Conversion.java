package tunebench.engine.data;

import java.util.List;

/**
 * A dataset converted to another format: the document to save, the examples that could not be
 * written in it (with their line and why), and notes on what the target format left out.
 *
 * @param document the converted records, for the output file (not yet saved)
 * @param skipped  examples the target format cannot hold, in source order
 * @param notes    sentences on what changed as a whole ("1,000 rejected replies were dropped")
 */
public record Conversion(DatasetDocument document, List<Skipped> skipped, List<String> notes) {

    public Conversion {
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /** One example left out: its line in the source file and why, as a sentence. */
    public record Skipped(int line, String reason) {

        public String describe() {
            return "line " + line + ": " + reason;
        }
    }
}
