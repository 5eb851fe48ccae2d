package tunebench.engine.train.dpo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tunebench.engine.data.DataProblem;

/**
 * A preference data file (prompt / chosen / rejected, see {@link PreferenceFormat}) read into
 * pairs: a JSON array, one JSON object, or JSON Lines. Broken records become
 * {@link DataProblem}s with their line and the rest loads, as {@code SftDataset} does.
 */
public record PreferenceDataset(List<PreferencePair> pairs, List<DataProblem> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();
    // A JSONL line holds exactly one value; "{...} {...}" on one line is an error, not two records.
    private static final ObjectReader ONE_VALUE = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public PreferenceDataset {
        pairs = List.copyOf(pairs);
        problems = List.copyOf(problems);
    }

    /**
     * Reads a .json or .jsonl file; a leading '[' makes it an array, else it is one object or
     * JSON Lines.
     *
     * @throws IOException naming the file when it is missing, not UTF-8, or holds no JSON at all
     */
    public static PreferenceDataset read(Path file) throws IOException {
        List<Raw> records = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        try {
            String text = Files.readString(file);
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            String start = body.stripLeading();
            if (start.startsWith("[")) {
                readArray(body, records, problems);
            } else if (!start.isEmpty() && !(start.startsWith("{")
                    && !file.getFileName().toString().endsWith(".jsonl") && readSingleObject(body, records))) {
                readLines(file, records, problems);
            }
        } catch (NoSuchFileException e) {
            throw new IOException("No such file: " + file, e);
        } catch (CharacterCodingException e) {
            throw new IOException("Cannot read " + file + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (records.isEmpty() && !problems.isEmpty()) {
            throw new IOException("Cannot read " + file + ": it is neither JSON nor JSON Lines ("
                    + problems.get(0).describe() + ")");
        }
        List<PreferencePair> pairs = new ArrayList<>();
        for (Raw record : records) {
            try {
                pairs.add(PreferenceFormat.convert(record.node(), record.line()));
            } catch (PreferenceFormat.Rejected e) {
                problems.add(e.at(record.line()));
            }
        }
        problems.sort(Comparator.comparingInt(DataProblem::line));
        return new PreferenceDataset(pairs, problems);
    }

    /** Streams the array so each element keeps the line its object starts on. */
    private static void readArray(String text, List<Raw> records, List<DataProblem> problems)
            throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    return;
                }
                int line = parser.currentTokenLocation().getLineNr();
                records.add(new Raw(JSON.readTree(parser), line));
            }
        } catch (JacksonException e) {
            // Unlike JSONL, nothing after a syntax error in an array can be trusted.
            JsonLocation at = e.getLocation();
            problems.add(new DataProblem(at == null ? 0 : Math.max(at.getLineNr(), 0),
                    DataProblem.MALFORMED_JSON, "the JSON array is broken here, so no record"
                            + " after this point was read: " + e.getOriginalMessage()));
        }
    }

    private static void readLines(Path file, List<Raw> records, List<DataProblem> problems)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            int line = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                try {
                    records.add(new Raw(ONE_VALUE.readTree(text), line));
                } catch (JacksonException e) {
                    problems.add(new DataProblem(line, DataProblem.MALFORMED_JSON,
                            "not valid JSON: " + withoutSource(e.getOriginalMessage())));
                }
            }
        }
    }

    /** A .json file holding one pretty-printed object is one record; JSONL fails here. */
    private static boolean readSingleObject(String body, List<Raw> records) {
        try {
            int line = 1 + (int) body.substring(0, body.indexOf('{')).chars().filter(c -> c == '\n').count();
            records.add(new Raw(ONE_VALUE.readTree(body), line));
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Jackson names the input as "[Source: ...]"; the line number already says where. */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\s*at \\[Source:.*$", "").strip();
    }

    private record Raw(JsonNode node, int line) {}
}
