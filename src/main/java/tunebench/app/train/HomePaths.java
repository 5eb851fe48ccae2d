package tunebench.app.train;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths in a run config are relative to the workbench's home, as the CLI's are to the folder
 * it runs in; the form shows paths inside home that way too ("runs/sft-lora"), and any other
 * in full.
 */
final class HomePaths {

    private final Path home;

    HomePaths(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** The path a run will use; null for a blank or malformed one. */
    Path resolve(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return home.resolve(path.strip()).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    String shown(Path path) {
        if (path == null) {
            return "";
        }
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(home) && !abs.equals(home) ? home.relativize(abs).toString()
                : abs.toString();
    }
}
