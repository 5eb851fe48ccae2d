package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tunebench.engine.data.CsvColumns;
import tunebench.engine.data.DataFormat;

/**
 * The examples a run learns from and is evaluated on, and how they become sequences.
 *
 * @param train JSONL file of training examples
 * @param validation JSONL file held out for evaluation; null = split it off {@code train}
 * @param validationSplit fraction of {@code train} held out when {@code validation} is null
 *     (0 = no validation); its default follows the choice of file, see {@link #defaultSplitFor}
 * @param maxLength tokens per sequence; longer examples are cut
 * @param packing concatenate short examples into full-length sequences
 * @param trainOnPrompt also learn the prompt tokens, not only the response
 * @param format the files' record format ("alpaca", "sharegpt", ...; see {@link DataFormat});
 *     null = detected from the records, as LLaMA-Factory's {@code formatting} when left out
 * @param columns for CSV/TSV files, which column holds each field
 *     ({@code "instruction=question,output=answer"}); null = the header names as they are
 */
public record DataSpec(
        String train,
        String validation,
        double validationSplit,
        int maxLength,
        boolean packing,
        boolean trainOnPrompt,
        String format,
        String columns) {

    public static final int DEFAULT_MAX_LENGTH = 512;

    /** 10% held out when no validation file is given; none when one is. */
    public static double defaultSplitFor(String validation) {
        return validation == null ? 0.1 : 0.0;
    }

    public static DataSpec of(String train) {
        return new DataSpec(train, null, defaultSplitFor(null), DEFAULT_MAX_LENGTH, false, false, null, null);
    }

    public DataSpec withTrain(String file) {
        return new DataSpec(file, validation, validationSplit, maxLength, packing, trainOnPrompt, format, columns);
    }

    /** Also resets the split to its default for the choice, so a file and a split never clash. */
    public DataSpec withValidation(String file) {
        return new DataSpec(train, file, defaultSplitFor(file), maxLength, packing, trainOnPrompt, format, columns);
    }

    public DataSpec withValidationSplit(double split) {
        return new DataSpec(train, validation, split, maxLength, packing, trainOnPrompt, format, columns);
    }

    public DataSpec withMaxLength(int n) {
        return new DataSpec(train, validation, validationSplit, n, packing, trainOnPrompt, format, columns);
    }

    public DataSpec withPacking(boolean p) {
        return new DataSpec(train, validation, validationSplit, maxLength, p, trainOnPrompt, format, columns);
    }

    public DataSpec withTrainOnPrompt(boolean t) {
        return new DataSpec(train, validation, validationSplit, maxLength, packing, t, format, columns);
    }

    public DataSpec withFormat(String f) {
        return new DataSpec(train, validation, validationSplit, maxLength, packing, trainOnPrompt, f, columns);
    }

    public DataSpec withColumns(String c) {
        return new DataSpec(train, validation, validationSplit, maxLength, packing, trainOnPrompt, format, c);
    }

    /** The format to read the files in; empty = detect it. */
    public Optional<DataFormat> dataFormat() {
        return format == null ? Optional.empty() : DataFormat.forLabel(format);
    }

    /** The CSV column mapping; none when not given. */
    public CsvColumns csvColumns() {
        return columns == null || columns.isBlank() ? CsvColumns.NONE : CsvColumns.parse(columns);
    }

    /** Problems keyed relative to this section. */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (train == null || train.isBlank()) {
            out.add(new ConfigProblem("train", "required: the JSONL file to train on"));
        }
        if (validation != null && validation.isBlank()) {
            out.add(new ConfigProblem("validation", "empty; leave it out to split off train"));
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            out.add(new ConfigProblem("validation_split",
                    "must be in [0, 1), got " + validationSplit));
        } else if (validation != null && validationSplit > 0) {
            out.add(new ConfigProblem("validation_split",
                    "give a validation file or a split, not both (set it to 0)"));
        }
        if (maxLength < 1) {
            out.add(new ConfigProblem("max_length", "must be at least 1, got " + maxLength));
        }
        if (format != null && DataFormat.forLabel(format).isEmpty()) {
            out.add(new ConfigProblem("format", "unknown format '" + format + "' (known: "
                    + String.join(", ", Arrays.stream(DataFormat.values()).map(DataFormat::label).toList())
                    + "; leave it out to detect it)"));
        }
        if (columns != null && !columns.isBlank()) {
            try {
                CsvColumns.parse(columns);
            } catch (IllegalArgumentException e) {
                out.add(new ConfigProblem("columns", e.getMessage()));
            }
        }
        return out;
    }
}
