package tunebench.engine.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tunebench.engine.io.Folders;

/**
 * The run's {@code checkpoints/step-N/} folders. Each is written in full under a temporary name
 * and renamed into place, so a crash mid-write never leaves a half checkpoint that resume would
 * pick; only the last {@code keepLast} are kept.
 */
final class Checkpoints {

    /** Writes a checkpoint's files into a folder. */
    @FunctionalInterface
    interface Writer {
        void writeTo(Path dir) throws IOException;
    }

    private static final Pattern NAME = Pattern.compile("step-(\\d+)");

    private final Path dir;
    private final int keepLast;

    Checkpoints(Path runDir, int keepLast) {
        this.dir = runDir.resolve("checkpoints");
        this.keepLast = Math.max(1, keepLast);
    }

    Path save(int step, Writer writer) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve("step-" + step);
        Path tmp = dir.resolve(".step-" + step + ".tmp");
        Folders.deleteTree(tmp);
        try {
            Files.createDirectories(tmp);
            writer.writeTo(tmp);
            Folders.deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Folders.deleteTree(tmp);
            throw e;
        }
        prune();
        return target;
    }

    /** The newest complete checkpoint. */
    Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    static int stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a step-N checkpoint folder");
        }
        return Integer.parseInt(m.group(1));
    }

    private List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingInt(Checkpoints::stepOf));
        return out;
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keepLast; i++) {
            Folders.deleteTree(all.get(i));
        }
    }
}
