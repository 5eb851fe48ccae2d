package tunebench.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writing what a fix made (deduplicated, split, shuffled): always to a new file, atomically,
 * and never over the file it was read from unless the caller says so. The CLI and the dataset
 * view both go through {@link #checkTarget}, so the rule is the same everywhere.
 */
public final class DatasetFixes {

    private DatasetFixes() {}

    /**
     * Refuses a target that is the input file (the same path, or the same file through a link)
     * unless {@code overwrite} is set.
     *
     * @throws IOException a sentence naming the file and how to proceed
     */
    public static void checkTarget(Path input, Path target, boolean overwrite) throws IOException {
        if (overwrite) {
            return;
        }
        boolean same = input.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())
                || (Files.exists(input) && Files.exists(target) && Files.isSameFile(input, target));
        if (same) {
            throw new IOException("Refusing to overwrite the input file " + target
                    + "; choose another file name, or allow overwriting it explicitly");
        }
    }

    /**
     * Writes {@code records} (keeping each one's original text where the layout allows) as
     * {@code target}, in the layout its name asks for; returns the document as saved.
     */
    public static DatasetDocument write(DatasetDocument source, List<DatasetRecord> records,
            Path target, boolean overwrite) throws IOException {
        checkTarget(source.file(), target, overwrite);
        return source.as(target).withRecords(records).save();
    }

    /** "data.jsonl" with suffix "train" -> "data.train.jsonl", beside the input. */
    public static Path sibling(Path input, String suffix) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".jsonl";
        return input.resolveSibling(stem + "." + suffix + ext);
    }

    /**
     * The document's records split train/validation, stratified by the category of the example
     * each record holds when the file has categories. Records that could not be read stay in
     * train, so a split never loses a line.
     */
    public static Split<DatasetRecord> split(DatasetDocument doc, ExampleSet set, double fraction,
            long seed) {
        Map<Integer, String> categories = new HashMap<>();
        set.examples().forEach(e -> {
            if (e.category() != null) {
                categories.put(e.line(), e.category());
            }
        });
        List<DatasetRecord> readable = doc.records().stream().filter(r -> !r.isRaw()).toList();
        Split<DatasetRecord> split = categories.isEmpty()
                ? Split.of(readable, fraction, seed)
                : Split.stratified(readable, r -> categories.get(r.line()), fraction, seed);
        Set<DatasetRecord> held = Collections.newSetFromMap(new IdentityHashMap<>());
        held.addAll(split.validation());
        List<DatasetRecord> train = doc.records().stream().filter(r -> !held.contains(r)).toList();
        return new Split<>(train, split.validation());
    }

    /** The document's records in a seeded random order. */
    public static DatasetDocument shuffled(DatasetDocument doc, long seed) {
        return doc.withRecords(Shuffle.of(doc.records(), seed));
    }
}
