package tunebench.app.compare;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tunebench.engine.adapter.PeftAdapterReader;

/**
 * The adapters past runs left under the runs folder, as a training run writes them:
 * {@code <run>/adapter/} (final) and {@code <run>/checkpoints/step-N/adapter/}. Newest run
 * first, its final adapter before its checkpoints (latest step first). Full fine-tuning runs
 * hold a whole model instead and are not listed: a column is the base plus an adapter.
 */
public final class AdapterCatalog {

    private static final Pattern STEP = Pattern.compile("step-(\\d+)");

    private AdapterCatalog() {}

    /** Every adapter under {@code runsDir}; empty when the folder does not exist. */
    public static List<ColumnSource> scan(Path runsDir) throws IOException {
        List<ColumnSource> out = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            return out;
        }
        for (Path run : runsNewestFirst(runsDir)) {
            String name = run.getFileName().toString();
            if (isAdapter(run.resolve("adapter"))) {
                out.add(ColumnSource.adapter(name + " (final)", run.resolve("adapter")));
            }
            for (Path ckpt : checkpointsLatestFirst(run.resolve("checkpoints"))) {
                if (isAdapter(ckpt.resolve("adapter"))) {
                    out.add(ColumnSource.adapter(name + " step " + step(ckpt), ckpt.resolve("adapter")));
                }
            }
        }
        return out;
    }

    /** A folder picked from disk: named like a run's adapter when it is one, else by its name. */
    public static ColumnSource fromFolder(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (!isAdapter(d)) {
            throw new IOException(d + " has no " + PeftAdapterReader.CONFIG_FILE
                    + ": it is not a LoRA adapter folder (a training run writes one at"
                    + " runs/<name>/adapter)");
        }
        Path parent = d.getParent();
        if (d.getFileName().toString().equals("adapter") && parent != null) {
            Matcher m = STEP.matcher(parent.getFileName().toString());
            Path grand = parent.getParent();
            if (m.matches() && grand != null && grand.getFileName().toString().equals("checkpoints")
                    && grand.getParent() != null) {
                return ColumnSource.adapter(grand.getParent().getFileName() + " step " + m.group(1), d);
            }
            return ColumnSource.adapter(parent.getFileName() + " (final)", d);
        }
        return ColumnSource.adapter(d.getFileName().toString(), d);
    }

    static boolean isAdapter(Path dir) {
        return Files.isRegularFile(dir.resolve(PeftAdapterReader.CONFIG_FILE));
    }

    private static List<Path> runsNewestFirst(Path runsDir) throws IOException {
        List<Path> runs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runsDir, Files::isDirectory)) {
            s.forEach(runs::add);
        }
        runs.sort(Comparator.comparing(AdapterCatalog::modified).reversed()
                .thenComparing(p -> p.getFileName().toString()));
        return runs;
    }

    private static List<Path> checkpointsLatestFirst(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir,
                p -> Files.isDirectory(p) && STEP.matcher(p.getFileName().toString()).matches())) {
            s.forEach(out::add);
        }
        out.sort(Comparator.comparingInt(AdapterCatalog::step).reversed());
        return out;
    }

    private static int step(Path checkpoint) {
        Matcher m = STEP.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // vanished meanwhile: last
        }
    }
}
