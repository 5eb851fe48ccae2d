package tunebench.app;

import javafx.application.Application;
import javafx.stage.Stage;

/** Placeholder until the shell lands. */
public final class TunebenchApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(TunebenchApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Tunebench");
        stage.show();
    }
}
