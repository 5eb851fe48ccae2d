package tunebench.app.dataset;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action once things have been quiet for a while: each trigger restarts the wait, so
 * typing recomputes once after the last keystroke. A zero delay runs at once, which lets
 * view-model tests go without a JavaFX toolkit (a PauseTransition needs its pulse).
 */
final class Debounce {

    private final Duration delay;
    private final Runnable action;
    private PauseTransition pause;

    Debounce(Duration delay, Runnable action) {
        this.delay = delay;
        this.action = action;
    }

    void trigger() {
        if (delay.toMillis() <= 0) {
            action.run();
            return;
        }
        if (pause == null) {
            pause = new PauseTransition(delay);
            pause.setOnFinished(e -> action.run());
        }
        pause.playFromStart();
    }
}
