package tunebench.app;

import java.util.Map;
import javafx.scene.Node;
import javafx.scene.input.KeyCombination;

/**
 * One of the workbench's screens as the window sees it: its node, the shortcuts that act on it
 * while it is shown, and a hook for when the user switches to it.
 */
public interface Screen {

    Node node();

    /** Shortcuts active while this screen is shown (Ctrl+O opens what this screen opens, ...). */
    default Map<KeyCombination, Runnable> shortcuts() {
        return Map.of();
    }

    /** Called on the FX thread each time the screen comes to the front. */
    default void shown() {}

    /**
     * Called on the FX thread when the window closes: stop background work cleanly (a
     * training run saves a checkpoint). Must not block for long.
     */
    default void closing() {}
}
