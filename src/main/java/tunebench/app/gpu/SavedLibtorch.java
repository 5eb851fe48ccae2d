package tunebench.app.gpu;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * The libtorch folder the user chose in the GPU dialog, kept in the app's preferences and
 * handed to {@code DjlRuntime.configure} at the next start: libtorch cannot be swapped inside
 * a running process, so a new choice takes effect after a restart.
 */
public final class SavedLibtorch {

    static final String KEY = "gpu.libtorchDir";

    private final Preferences prefs;

    public SavedLibtorch(Preferences prefs) {
        this.prefs = prefs;
    }

    /** The saved folder, if one is saved and still reads as a path. */
    public Optional<Path> load() {
        String dir = prefs.get(KEY, "");
        if (dir.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(dir));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    public void save(Path dir) {
        prefs.put(KEY, dir.toAbsolutePath().normalize().toString());
    }

    public void forget() {
        prefs.remove(KEY);
    }
}
