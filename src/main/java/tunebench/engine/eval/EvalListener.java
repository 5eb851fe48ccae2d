package tunebench.engine.eval;

/**
 * Hears an evaluation's progress and may stop it. Called on the evaluating thread (which owns
 * every DJL call of the evaluation); implementations hand work to their own thread.
 */
public interface EvalListener {

    /** A listener that hears nothing and never cancels. */
    EvalListener NONE = new EvalListener() {};

    default void batchCompleted(EvalProgress progress) {}

    /** Checked between batches and generation steps; true ends the evaluation early. */
    default boolean cancelled() {
        return false;
    }
}
