package tunebench.app.train;

/** Where the Train screen's run is; the buttons' enabled states follow from it. */
enum RunState {
    /** No run: Start is possible when the form is valid. */
    IDLE,
    /** Loading the model and data; Stop is possible. */
    STARTING,
    RUNNING,
    /** Paused between steps; Resume or Stop. */
    PAUSED,
    /** Stop was asked: finishing the step and writing a checkpoint. */
    STOPPING;

    boolean active() {
        return this != IDLE;
    }
}
