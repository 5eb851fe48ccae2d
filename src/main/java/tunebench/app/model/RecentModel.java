package tunebench.app.model;

import java.nio.file.Path;

/**
 * An entry of the Recent list: a model folder opened before, or the model shipped under
 * assets/models/, which the list names "Bundled model".
 */
public record RecentModel(Path folder, boolean bundled) {

    public String name() {
        return bundled ? "Bundled model" : folderName(folder);
    }

    /** The folder's last path element ("tiny-llama"), or the whole path for a root. */
    static String folderName(Path folder) {
        Path name = folder.getFileName();
        return name != null ? name.toString() : folder.toString();
    }
}
