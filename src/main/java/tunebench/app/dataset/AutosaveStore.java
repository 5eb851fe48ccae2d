package tunebench.app.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.io.AtomicFiles;

/**
 * The side files that keep unsaved Dataset edits across a crash: one folder per dataset (named
 * by a hash of its path) under the user's data folder, never beside the dataset, so a read-only
 * folder still works and nobody trips over stray files. Each holds the rows as a save would write
 * them and {@code autosave.json}, which says whose they are. Both are written atomically.
 */
final class AutosaveStore {

    /** Overrides where side files go (tests, portable installs). */
    static final String FOLDER_PROPERTY = "tunebench.autosave.dir";
    static final int SCHEMA_VERSION = 1;
    private static final String INFO = "autosave.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    AutosaveStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** Where a desktop app keeps its own data on this system, unless the property says. */
    static AutosaveStore inUserDataFolder() {
        String chosen = System.getProperty(FOLDER_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return new AutosaveStore(Path.of(chosen));
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String local = System.getenv("LOCALAPPDATA");
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = os.startsWith("windows") && local != null ? Path.of(local, "Tunebench")
                : os.startsWith("mac") ? home.resolve("Library/Application Support/Tunebench")
                : xdg != null && !xdg.isBlank() ? Path.of(xdg, "tunebench")
                : home.resolve(".local/share/tunebench");
        return new AutosaveStore(data.resolve("autosave"));
    }

    /** The file's size and modification time, to tell whether it changed since editing began. */
    record Stamp(long size, long modifiedMillis) {
        static Stamp of(Path file) throws IOException {
            return new Stamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        }
    }

    /**
     * What {@code autosave.json} holds.
     *
     * @param lines each row's line in the original file when editing began (0 for a new row), so
     *              recovered rows keep the lines the problems and the table refer to
     */
    record Info(int schemaVersion, String original, long originalSize, long originalModified,
            long autosavedAt, int edits, List<Integer> lines) {}

    /** Unsaved rows of one dataset, ready to be written off the FX thread. */
    record Snapshot(DatasetDocument document, Stamp base, int edits, Instant at) {}

    Path folder() {
        return folder;
    }

    /** The folder holding {@code original}'s side files. */
    Path slot(Path original) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    original.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(hash, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Rows first, then the info that makes them an autosave: a crash between leaves the old pair readable. */
    void write(Snapshot s) throws IOException {
        DatasetDocument doc = s.document();
        Path slot = slot(doc.file());
        Path rows = slot.resolve(doc.file().getFileName());
        doc.as(rows).save();
        List<Integer> lines = doc.records().stream().map(DatasetRecord::line).toList();
        Info info = new Info(SCHEMA_VERSION, doc.file().toString(), s.base().size(),
                s.base().modifiedMillis(), s.at().toEpochMilli(), s.edits(), lines);
        AtomicFiles.writeString(slot.resolve(INFO), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info));
    }

    /**
     * An autosave of {@code doc}'s file whose rows differ from it, with unchanged rows taken from
     * {@code doc} itself; an autosave that holds nothing new is deleted. Empty when there is none
     * or it cannot be read (an unreadable one is left alone for a person to look at).
     *
     * @param now the file's stamp as just read, to tell the user when it changed since
     */
    Optional<RecoveryOffer> find(DatasetDocument doc, Stamp now) throws IOException {
        Path slot = slot(doc.file());
        Info info;
        DatasetDocument saved;
        try {
            info = JSON.readValue(slot.resolve(INFO).toFile(), Info.class);
            saved = DatasetDocument.read(slot.resolve(doc.file().getFileName()));
        } catch (IOException e) {
            return Optional.empty(); // none, or not one this version can read: left alone
        }
        if (info.schemaVersion() != SCHEMA_VERSION || !Path.of(info.original()).equals(doc.file())
                || info.lines().size() != saved.records().size()) {
            return Optional.empty();
        }
        List<DatasetRecord> records = recovered(doc.records(), saved.records(), info.lines());
        if (sameContent(records, doc.records())) {
            delete(doc.file());
            return Optional.empty();
        }
        boolean changed = now.size() != info.originalSize() || now.modifiedMillis() != info.originalModified();
        return Optional.of(new RecoveryOffer(doc.file(), Instant.ofEpochMilli(info.autosavedAt()),
                info.edits(), changed, records));
    }

    /** Autosaved rows at the lines they had; a row the autosave did not change is the file's own record. */
    private static List<DatasetRecord> recovered(List<DatasetRecord> file, List<DatasetRecord> saved,
            List<Integer> lines) {
        Map<Integer, DatasetRecord> byLine = new HashMap<>();
        file.forEach(r -> byLine.put(r.line(), r));
        List<DatasetRecord> out = new ArrayList<>(saved.size());
        for (int i = 0; i < saved.size(); i++) {
            int line = lines.get(i);
            DatasetRecord own = line > 0 ? byLine.get(line) : null;
            DatasetRecord s = saved.get(i);
            if (own != null && same(own, s)) {
                out.add(own);
            } else if (s.isRaw()) {
                out.add(s.atLine(line));
            } else {
                // Without the side file's text, so a save writes it in the dataset's own style.
                out.add(s.atLine(line).withJson(s.compactJson()));
            }
        }
        return out;
    }

    private static boolean sameContent(List<DatasetRecord> a, List<DatasetRecord> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(DatasetRecord a, DatasetRecord b) {
        return a == b || (a.isRaw() == b.isRaw() && a.compactJson().equals(b.compactJson()));
    }

    /** Removes {@code original}'s side files, the info first so a half-deleted slot is no autosave. */
    void delete(Path original) throws IOException {
        Path slot = slot(original);
        Files.deleteIfExists(slot.resolve(INFO));
        Files.deleteIfExists(slot.resolve(original.getFileName()));
        try {
            Files.deleteIfExists(slot);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // A temp file of a write in progress elsewhere; the slot is reused next time.
        }
    }

    boolean exists(Path original) {
        return Files.exists(slot(original).resolve(INFO));
    }
}
