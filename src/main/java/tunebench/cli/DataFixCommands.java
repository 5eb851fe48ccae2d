package tunebench.cli;

import java.util.Locale;

/** Wording shared by the {@code data} subcommands. */
final class DataFixCommands {

    private DataFixCommands() {}

    /** 1 -> "1 record", 1200 -> "1,200 records". */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
