package tunebench.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;

/**
 * The folder each file chooser last used ("dataset", "model", "adapter", ...), remembered
 * between sessions, so the next chooser opens where the user was.
 */
public final class RecentFolders {

    private static final String KEY = "recent.folder.";

    private final Preferences prefs;
    private final Path fallback;

    public RecentFolders(Preferences prefs, Path fallback) {
        this.prefs = prefs;
        this.fallback = fallback;
    }

    /** The remembered folder for this kind if it still exists, else the fallback. */
    public File initialDirectory(String kind) {
        String stored = prefs.get(KEY + kind, null);
        if (stored != null && Files.isDirectory(Path.of(stored))) {
            return new File(stored);
        }
        return Files.isDirectory(fallback) ? fallback.toAbsolutePath().toFile() : null;
    }

    /** Remembers the folder of a chosen file, or the chosen folder itself. */
    public void remember(String kind, File chosen) {
        if (chosen == null) {
            return;
        }
        File dir = chosen.isDirectory() ? chosen : chosen.getParentFile();
        if (dir != null) {
            prefs.put(KEY + kind, dir.getAbsolutePath());
        }
    }
}
