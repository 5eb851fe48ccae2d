package tunebench.engine.data;

import java.util.Locale;

/** Counts in the sentences the data tools print, the same in the CLI and the workbench. */
public final class Counting {

    private Counting() {}

    /** 1 -> "1 example", 1200 -> "1,200 examples". */
    public static String of(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
