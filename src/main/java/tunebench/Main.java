package tunebench;

import tunebench.cli.TunebenchCli;

/**
 * Entry point of {@code java -jar tunebench.jar}: no arguments opens the workbench window,
 * anything else is a CLI command. A plain class, because a main class extending JavaFX's
 * Application fails on the class path ("JavaFX runtime components are missing").
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            int code = tunebench.app.TunebenchApp.launchApp(args);
            if (code != 0) {
                System.exit(code);
            }
            return;
        }
        System.exit(TunebenchCli.run(args));
    }
}
