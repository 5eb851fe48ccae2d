package tunebench.engine.generate;

/**
 * Hears each token as it is generated (the GUI streams text through it) and may stop the run.
 * Called on the generating thread; implementations hand work to their own thread.
 */
public interface GenerationListener {

    /** A listener that hears nothing and never cancels. */
    GenerationListener NONE = new GenerationListener() {};

    /**
     * @param row which prompt of the batch
     * @param tokenId the new token
     * @param textDelta text this token completes (may be empty while a character is partial)
     */
    default void tokenGenerated(int row, long tokenId, String textDelta) {}

    /** Checked between steps; true ends generation with what was produced so far. */
    default boolean cancelled() {
        return false;
    }
}
