package tunebench.app.train;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.Node;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import tunebench.app.RecentFolders;

/**
 * The Train screen's file and folder choosers, each opening where the user last was for its
 * kind ("model", "dataset", "config", "adapter", "run").
 */
final class Choosers {

    private static final FileChooser.ExtensionFilter JSON =
            new FileChooser.ExtensionFilter("Run config (*.json)", "*.json");
    private static final FileChooser.ExtensionFilter DATA =
            new FileChooser.ExtensionFilter("Datasets (*.json, *.jsonl)", "*.json", "*.jsonl");

    private final RecentFolders recent;
    private final Node anchor;

    /** @param anchor a node of the screen, for the dialogs' owner window */
    Choosers(RecentFolders recent, Node anchor) {
        this.recent = recent;
        this.anchor = anchor;
    }

    Optional<Path> folder(String title, String kind) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        chooser.setInitialDirectory(recent.initialDirectory(kind));
        File chosen = chooser.showDialog(window());
        if (chosen != null) {
            recent.remember(kind, chosen.getParentFile());
        }
        return Optional.ofNullable(chosen).map(File::toPath);
    }

    Optional<Path> dataFile(String title) {
        return open(title, "dataset", DATA);
    }

    Optional<Path> openConfig() {
        return open("Open run config", "config", JSON);
    }

    Optional<Path> saveConfig(String suggestedName) {
        FileChooser chooser = chooser("Save run config", "config", JSON);
        chooser.setInitialFileName(suggestedName + ".json");
        File chosen = chooser.showSaveDialog(window());
        recent.remember("config", chosen);
        return Optional.ofNullable(chosen).map(File::toPath);
    }

    private Optional<Path> open(String title, String kind, FileChooser.ExtensionFilter filter) {
        File chosen = chooser(title, kind, filter).showOpenDialog(window());
        recent.remember(kind, chosen);
        return Optional.ofNullable(chosen).map(File::toPath);
    }

    private FileChooser chooser(String title, String kind, FileChooser.ExtensionFilter filter) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialDirectory(recent.initialDirectory(kind));
        chooser.getExtensionFilters().setAll(filter,
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return chooser;
    }

    private Window window() {
        return anchor.getScene() == null ? null : anchor.getScene().getWindow();
    }
}
