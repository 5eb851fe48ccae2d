package tunebench.engine.train.dpo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tunebench.engine.data.CsvColumns;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.ExampleSet;

/**
 * A preference data file (prompt / chosen / rejected in any of TRL's layouts, see
 * {@link DataFormat#PREFERENCE}) read into pairs: a JSON array, one JSON object, JSON Lines or
 * CSV. It is read by the data package, as the dataset editor reads it, so both report the same
 * problems; broken records become {@link DataProblem}s with their line and the rest loads.
 */
public record PreferenceDataset(List<PreferencePair> pairs, List<DataProblem> problems) {

    public PreferenceDataset {
        pairs = List.copyOf(pairs);
        problems = List.copyOf(problems);
    }

    /**
     * Reads a .json, .jsonl or .csv file; a leading '[' makes it an array, else it is one object
     * or JSON Lines.
     *
     * @throws IOException naming the file when it is missing, not UTF-8, or holds no JSON at all
     */
    public static PreferenceDataset read(Path file) throws IOException {
        return read(file, CsvColumns.NONE);
    }

    /** As {@link #read(Path)}, with a CSV/TSV file's columns mapped to prompt, chosen, rejected. */
    public static PreferenceDataset read(Path file, CsvColumns columns) throws IOException {
        DatasetDocument doc = DatasetDocument.read(file, columns);
        if (!doc.records().isEmpty() && doc.records().stream().allMatch(r -> r.isRaw())) {
            throw new IOException("Cannot read " + file + ": it is neither JSON nor JSON Lines (line "
                    + doc.records().get(0).line() + ": " + doc.records().get(0).error() + ")");
        }
        ExampleSet set = ExampleSet.read(doc, Optional.of(DataFormat.PREFERENCE));
        List<PreferencePair> pairs = set.examples().stream()
                .map(e -> new PreferencePair(e.prompt(), e.chosen(), e.rejected(), e.line())).toList();
        return new PreferenceDataset(pairs, set.problems());
    }
}
