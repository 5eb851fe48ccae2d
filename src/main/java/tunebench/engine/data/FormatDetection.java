package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which format a dataset file is in, decided by all its records, not the first: each record fits
 * the format whose keys it has the most of (among those whose telling keys it has at all), and
 * the format most records fit is the file's. A file with two formats equally common, or whose
 * records fit two formats equally, is ambiguous: the note says so and {@link #require()} asks for
 * the format to be given.
 *
 * @param format     the file's format; empty when no record fits any
 * @param counts     how many records fit each format alone
 * @param candidates the formats tied for the file, best first; one when the choice is clear
 * @param note       how the format was chosen when it was not clear-cut; empty when it was
 */
public record FormatDetection(Optional<DataFormat> format, Map<DataFormat, Integer> counts,
        List<DataFormat> candidates, String note) {

    // A format is only considered for a record holding at least one of its telling keys.
    private static final Map<DataFormat, List<String>> MARKERS = Map.of(
            DataFormat.ALPACA, List.of("instruction", "input", "output"),
            DataFormat.DOLLY, List.of("instruction", "context", "response"),
            DataFormat.MESSAGES, List.of("messages"),
            DataFormat.SHAREGPT, List.of("conversations"),
            DataFormat.OASST, List.of("message_id", "parent_id", "role"),
            DataFormat.PREFERENCE, List.of("chosen", "rejected"),
            DataFormat.TEXT, List.of("text"));

    public FormatDetection {
        counts = Map.copyOf(counts);
        candidates = List.copyOf(candidates);
    }

    /** The format given by the user: nothing to detect. */
    public static FormatDetection forced(DataFormat format) {
        return new FormatDetection(Optional.of(format), Map.of(), List.of(format), "");
    }

    /** Counts the formats the records fit; non-objects count for none. */
    public static FormatDetection of(List<JsonNode> records) {
        Map<DataFormat, Integer> counts = new EnumMap<>(DataFormat.class);
        Map<DataFormat, Integer> tied = new EnumMap<>(DataFormat.class);
        List<List<DataFormat>> ties = new ArrayList<>();
        for (JsonNode record : records) {
            List<DataFormat> best = best(record);
            if (best.size() == 1) {
                counts.merge(best.get(0), 1, Integer::sum);
            } else if (best.size() > 1) {
                ties.add(best);
                best.forEach(f -> tied.merge(f, 1, Integer::sum));
            }
        }
        List<DataFormat> ranked = rank(counts.isEmpty() ? tied : counts);
        if (ranked.isEmpty()) {
            return new FormatDetection(Optional.empty(), counts, List.of(), "");
        }
        Map<DataFormat, Integer> basis = counts.isEmpty() ? tied : counts;
        int top = basis.get(ranked.get(0));
        List<DataFormat> candidates = ranked.stream().filter(f -> basis.get(f) == top).toList();
        // A tied record the majority format fits anyway ({"instruction": ...} alone) is no news.
        int ambiguousRecords = (int) ties.stream()
                .filter(t -> counts.isEmpty() || !t.contains(candidates.get(0))).count();
        String note = note(counts, ambiguousRecords, tied, candidates);
        return new FormatDetection(Optional.of(candidates.get(0)), counts, candidates, note);
    }

    /** Whether two or more formats have an equal claim on the file. */
    public boolean isAmbiguous() {
        return candidates.size() > 1;
    }

    /**
     * The file's format when it is clear.
     *
     * @throws AmbiguousFormat naming the candidates when two are tied or none fits
     */
    public DataFormat require() {
        if (format.isEmpty() || isAmbiguous()) {
            throw new AmbiguousFormat(format.isEmpty()
                    ? "No record is in a known format: " + expected() + "."
                    : note, candidates);
        }
        return format.get();
    }

    /** The one format a record fits best, by its keys; empty when none or two equally. */
    static Optional<DataFormat> fit(JsonNode record) {
        List<DataFormat> best = best(record);
        return best.size() == 1 ? Optional.of(best.get(0)) : Optional.empty();
    }

    /** The formats a record fits best, tied; empty when it fits none. */
    static List<DataFormat> best(JsonNode record) {
        if (record == null || !record.isObject()) {
            return List.of();
        }
        if (record.path("prompt").isObject()) {
            return List.of(DataFormat.OASST); // the nested trees export
        }
        int top = 0;
        List<DataFormat> best = new ArrayList<>();
        for (DataFormat f : DataFormat.values()) {
            int score = score(record, f);
            if (score > top) {
                top = score;
                best.clear();
            }
            if (score == top && score > 0) {
                best.add(f);
            }
        }
        return best;
    }

    /** How many of the format's keys the record has; 0 without any of its telling keys. */
    static int score(JsonNode record, DataFormat f) {
        if (MARKERS.get(f).stream().noneMatch(record::has)) {
            return 0;
        }
        return (int) f.keys().stream().filter(record::has).count();
    }

    /**
     * A mixed-format problem when the record plainly belongs to another format than the file's
     * (it fits that one better than the file's); empty when it should be read as the file's.
     */
    static Optional<DataProblem> foreign(JsonNode record, DataFormat file, int line) {
        Optional<DataFormat> own = fit(record);
        if (own.isEmpty() || own.get() == file || score(record, file) >= score(record, own.get())) {
            return Optional.empty();
        }
        return Optional.of(new DataProblem(line, DataProblem.MIXED_FORMAT,
                recordPhrase(own.get()) + " in " + filePhrase(file)));
    }

    /** "a ShareGPT 'conversations' record", as a mixed-format problem names it. */
    static String recordPhrase(DataFormat f) {
        return switch (f) {
            case ALPACA -> "an Alpaca 'instruction'/'output' record";
            case DOLLY -> "a Dolly 'instruction'/'response' record";
            case MESSAGES -> "a chat 'messages' record";
            case SHAREGPT -> "a ShareGPT 'conversations' record";
            case OASST -> "an OpenAssistant message";
            case PREFERENCE -> "a preference 'chosen'/'rejected' record";
            case TEXT -> "a plain 'text' record";
        };
    }

    static String filePhrase(DataFormat f) {
        return switch (f) {
            case ALPACA -> "an Alpaca file";
            case OASST -> "an OpenAssistant file";
            case MESSAGES -> "a chat 'messages' file";
            default -> "a " + f.displayName() + " file";
        };
    }

    /** What a record of a known format holds, for a record that fits none. */
    static String expected() {
        return "expected 'instruction'/'output' (Alpaca), 'instruction'/'response' (Dolly),"
                + " 'messages', 'conversations' (ShareGPT), 'message_id'/'parent_id' (OpenAssistant),"
                + " 'prompt'/'chosen'/'rejected' (preference) or 'text'";
    }

    private static List<DataFormat> rank(Map<DataFormat, Integer> counts) {
        return counts.keySet().stream()
                .sorted(Comparator.comparing((DataFormat f) -> -counts.get(f)).thenComparing(Enum::ordinal))
                .toList();
    }

    private static String note(Map<DataFormat, Integer> counts, int ambiguousRecords,
            Map<DataFormat, Integer> tied, List<DataFormat> candidates) {
        List<String> parts = new ArrayList<>();
        if (counts.size() > 1) {
            List<DataFormat> ranked = rank(counts);
            int first = counts.get(ranked.get(0));
            parts.add(first + (first == 1 ? " record looks like " : " records look like ")
                    + ranked.stream().map(f -> (f == ranked.get(0) ? "" : counts.get(f) + " like ")
                            + f.displayName()).collect(Collectors.joining(", ")) + ".");
        }
        if (ambiguousRecords > 0) {
            parts.add(ambiguousRecords + (ambiguousRecords == 1 ? " record fits " : " records fit ")
                    + rank(tied).stream().map(DataFormat::displayName).collect(Collectors.joining(" and "))
                    + " equally.");
        }
        if (candidates.size() > 1) {
            parts.add("The format is ambiguous between " + candidates.stream()
                    .map(DataFormat::displayName).collect(Collectors.joining(" and "))
                    + "; read as " + candidates.get(0).displayName()
                    + ". Choose the format explicitly to read it as another.");
        } else if (!parts.isEmpty()) {
            parts.add("Read as " + candidates.get(0).displayName() + ".");
        }
        return String.join(" ", parts);
    }

    /** Thrown when the format must be given because the records do not decide it. */
    public static final class AmbiguousFormat extends IllegalStateException {
        private final List<DataFormat> candidates;

        AmbiguousFormat(String message, List<DataFormat> candidates) {
            super(message);
            this.candidates = List.copyOf(candidates);
        }

        public List<DataFormat> candidates() {
            return candidates;
        }
    }
}
