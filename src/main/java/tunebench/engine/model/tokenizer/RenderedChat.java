package tunebench.engine.model.tokenizer;

import java.util.List;

/**
 * A rendered conversation and where each assistant message's content landed in it, so the
 * trainer can keep the loss on the assistant's tokens only (TRL's {@code assistant_only_loss}).
 * Spans cover the content alone; end-of-turn tokens that follow it ({@code <|im_end|>},
 * {@code </s>}) are the caller's to include.
 */
public record RenderedChat(String text, List<Span> assistantSpans) {

    public RenderedChat {
        assistantSpans = List.copyOf(assistantSpans);
    }

    /** A half-open character range [start, end) of {@link #text()}. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }

        public String of(String text) {
            return text.substring(start, end);
        }
    }
}
