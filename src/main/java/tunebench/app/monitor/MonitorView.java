package tunebench.app.monitor;

import javafx.scene.layout.BorderPane;
import tunebench.app.Workbench;

/** CONTRACT SKELETON: the live monitor's charts, progress and probe timeline. */
public final class MonitorView extends BorderPane {

    public MonitorView(RunMonitor monitor, Workbench workbench) {
    }
}
