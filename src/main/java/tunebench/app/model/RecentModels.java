package tunebench.app.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * Remembers the model folders the user opened (java.util.prefs, newest first) and finds the
 * model bundled under assets/models/, if the installation has one.
 */
public final class RecentModels {

    static final int MAX = 8;
    private static final String KEY = "recent.model.";

    private final Preferences prefs;
    private final Path bundledRoot;

    /** @param bundledRoot where a bundled model may live; usually assets/models */
    public RecentModels(Preferences prefs, Path bundledRoot) {
        this.prefs = prefs;
        this.bundledRoot = bundledRoot;
    }

    public RecentModels(Preferences prefs) {
        this(prefs, Path.of("assets", "models"));
    }

    /** Stored folders that still exist, then the bundled model. Touches the disk. */
    public List<RecentModel> load() {
        List<RecentModel> out = new ArrayList<>();
        for (Path p : stored()) {
            if (Files.isDirectory(p)) {
                out.add(new RecentModel(p, false));
            }
        }
        bundled().filter(b -> out.stream().noneMatch(r -> r.folder().equals(b)))
                .ifPresent(b -> out.add(new RecentModel(b, true)));
        return out;
    }

    /** Puts the folder first, dropping the oldest beyond {@value #MAX}. */
    public void remember(Path folder) {
        List<Path> paths = new ArrayList<>(stored());
        paths.remove(folder);
        paths.add(0, folder);
        for (int i = 0; i < MAX; i++) {
            if (i < paths.size()) {
                prefs.put(KEY + i, paths.get(i).toString());
            } else {
                prefs.remove(KEY + i);
            }
        }
    }

    List<Path> stored() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String p = prefs.get(KEY + i, null);
            if (p != null && !p.isBlank()) {
                out.add(Path.of(p));
            }
        }
        return out;
    }

    /** assets/models itself, or its first sub-folder holding a config.json. */
    Optional<Path> bundled() {
        if (!Files.isDirectory(bundledRoot)) {
            return Optional.empty();
        }
        Path root = bundledRoot.toAbsolutePath().normalize();
        if (Files.isRegularFile(root.resolve("config.json"))) {
            return Optional.of(root);
        }
        List<Path> models = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve("config.json"))) {
                    models.add(d);
                }
            }
        } catch (IOException e) {
            return Optional.empty(); // an unreadable assets folder just means no bundled model
        }
        return models.stream().sorted().findFirst();
    }
}
