package tunebench.app.train;

import javafx.scene.Node;
import javafx.scene.control.Label;
import tunebench.app.Screen;
import tunebench.app.Workbench;

/** PLACEHOLDER: replaced by the Train screen. */
public final class TrainScreen implements Screen {

    private final Label node = new Label("Train");

    public TrainScreen(Workbench workbench) {}

    @Override
    public Node node() {
        return node;
    }
}
