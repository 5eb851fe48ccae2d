package tunebench.app.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import tunebench.app.Formats;
import tunebench.engine.data.Counting;
import tunebench.engine.data.Conversion;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DatasetConverter;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetFixes;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.Split;

/**
 * The rows as they are now, as a document with the open file's name, layout and style, for the
 * fixes that write new files (split, convert). They go through {@link DatasetFixes}, as the
 * CLI's do, so the open file is never a target. Safe to use off the FX thread: it is a snapshot.
 *
 * @param unsaved whether the rows differ from the file on disk (the dialogs say so)
 */
record FixFiles(DatasetDocument open, List<DatasetRecord> records, boolean unsaved) {

    FixFiles {
        Objects.requireNonNull(open, "no dataset is open");
        records = List.copyOf(records);
    }

    /**
     * The rows as a document. Each record is numbered by its position, so new rows (line 0
     * until saved) are told apart when the split maps examples back to records.
     */
    DatasetDocument document() {
        List<DatasetRecord> numbered = IntStream.range(0, records.size())
                .mapToObj(i -> records.get(i).atLine(i + 1)).toList();
        return open.withRecords(numbered);
    }

    Path file() {
        return open.file();
    }

    /** "instructions.json" with suffix "train": instructions.train.json, beside it. */
    Path sibling(String suffix) {
        return DatasetFixes.sibling(file(), suffix);
    }

    /** The categories the split stratifies by (Dolly's, or any record's "category" string). */
    long categories() {
        return records.stream().filter(r -> !r.isRaw()).map(r -> r.text("category"))
                .filter(c -> c != null && !c.isBlank()).distinct().count();
    }

    /** Why these files cannot be written, as a sentence; null when they can. */
    String refusal(Path... targets) {
        List<Path> all = Arrays.stream(targets).map(p -> p.toAbsolutePath().normalize()).toList();
        for (Path p : all) {
            try {
                DatasetFixes.checkTarget(file(), p, false);
            } catch (IOException e) {
                return "“" + p.getFileName() + "” is the open dataset: a fix never writes over it."
                        + " Choose another name.";
            }
            if (Files.isDirectory(p)) {
                return "“" + p.getFileName() + "” is a folder. Choose a file name.";
            }
        }
        if (all.size() > 1 && all.stream().distinct().count() < all.size()) {
            return "The training and validation files must be two different files.";
        }
        return null;
    }

    /** The targets that exist already (the view asks before replacing them). */
    static List<Path> existing(Path... targets) {
        return Arrays.stream(targets).filter(Files::exists).toList();
    }

    /**
     * Writes a seeded train/validation split of the records, stratified by category when they
     * have categories; returns what it wrote as a sentence.
     */
    String split(Path train, Path validation, double fraction, long seed) throws IOException {
        refuse(train, validation);
        DatasetDocument doc = document();
        ExampleSet set = ExampleSet.read(doc);
        Split<DatasetRecord> split = DatasetFixes.split(doc, set, fraction, seed);
        DatasetFixes.write(doc, split.train(), train, false);
        DatasetFixes.write(doc, split.validation(), validation, false);
        long categories = set.examples().stream().map(Example::category).filter(Objects::nonNull).distinct().count();
        return "Wrote " + Formats.exact(split.train().size()) + " training and "
                + Formats.exact(split.validation().size()) + " validation "
                + (split.validation().size() == 1 ? "example" : "examples")
                + (categories > 1 ? " (stratified by " + categories + " categories)" : "")
                + " to " + train.getFileName() + " and " + validation.getFileName() + ".";
    }

    /** The formats the records can be offered in: every one but their own. */
    static List<DataFormat> targets(DataFormat current) {
        return Arrays.stream(DataFormat.values()).filter(f -> f != current).toList();
    }

    /** "flawed.jsonl" to messages: flawed.messages.jsonl (a table only holds flat formats). */
    Path convertTarget(DataFormat target) {
        Path sibling = sibling(target.label());
        String name = sibling.getFileName().toString();
        boolean table = name.endsWith(".csv") || name.endsWith(".tsv");
        return table && target.isConversation()
                ? sibling.resolveSibling(name.substring(0, name.length() - 4) + ".jsonl") : sibling;
    }

    /**
     * Converts the records (read in the format most of them are in) and writes them to
     * {@code out}; returns what it wrote, what was left out and why.
     *
     * @throws DataFormat.NotRepresentable with the converter's sentence when it cannot be done
     */
    String convert(DataFormat target, Path out) throws IOException {
        refuse(out);
        // Lines as the table shows them, so a skipped example can be found.
        Conversion conversion = DatasetConverter.convert(open.withRecords(records), Optional.empty(), target, out);
        DatasetDocument saved = conversion.document().save();
        List<String> parts = new ArrayList<>();
        parts.add("Wrote " + Counting.of(saved.records().size(), "record") + " as "
                + target.displayName() + " to " + out.getFileName() + ".");
        parts.addAll(conversion.notes());
        conversion.skipped().stream().limit(3).forEach(s -> parts.add("Skipped " + s.describe() + "."));
        if (conversion.skipped().size() > 3) {
            parts.add("And " + (conversion.skipped().size() - 3) + " more skipped.");
        }
        return String.join(" ", parts);
    }

    private void refuse(Path... targets) throws IOException {
        String why = refusal(targets);
        if (why != null) {
            throw new IOException(why);
        }
    }

    /** A failed split or conversion in one sentence, the converter's own where it wrote one. */
    static String reason(Throwable error) {
        if (error instanceof DataFormat.NotRepresentable) {
            String text = error.getMessage();
            return "Cannot convert: " + text + (text.endsWith(".") ? "" : ".");
        }
        return "The files could not be written: " + DatasetFiles.reason(error);
    }
}
