package tunebench.app.compare;

import javafx.scene.Node;
import javafx.scene.control.Label;
import tunebench.app.Screen;
import tunebench.app.Workbench;

/** PLACEHOLDER: replaced by the Compare screen. */
public final class CompareScreen implements Screen {

    private final Label node = new Label("Compare");

    public CompareScreen(Workbench workbench) {}

    @Override
    public Node node() {
        return node;
    }
}
