package tunebench.app.dataset;

import javafx.scene.Node;
import javafx.scene.control.Label;
import tunebench.app.Screen;
import tunebench.app.Workbench;

/** PLACEHOLDER: replaced by the Dataset screen. */
public final class DatasetScreen implements Screen {

    private final Label node = new Label("Dataset");

    public DatasetScreen(Workbench workbench) {}

    @Override
    public Node node() {
        return node;
    }
}
