package tunebench;

import tunebench.cli.TunebenchCli;

/**
 * Entry point of {@code java -jar tunebench.jar}: no arguments (or only
 * {@code --model=DIR} / {@code --screen=NAME}) opens the workbench window, anything else is a
 * CLI command. A plain class, because a main class extending JavaFX's
 * Application fails on the class path ("JavaFX runtime components are missing").
 */
public final class Main {

    private Main() {}

    /** {@code --model=DIR}, {@code --dataset=FILE} and {@code --screen=NAME} go to the window, not the CLI. */
    static boolean isAppOption(String arg) {
        return arg.startsWith("--model=") || arg.startsWith("--screen=") || arg.startsWith("--dataset=");
    }

    public static void main(String[] args) {
        if (java.util.Arrays.stream(args).allMatch(Main::isAppOption)) {
            int code = tunebench.app.TunebenchApp.launchApp(args);
            if (code != 0) {
                System.exit(code);
            }
            return;
        }
        System.exit(TunebenchCli.run(args));
    }
}
