package tunebench.engine.data;

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
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An SFT data file read into conversations: a JSON array or JSON Lines, in Alpaca, messages or
 * ShareGPT layout (detected per file from the first record that fits one). Broken records become
 * {@link DataProblem}s with their line and the rest loads: a dataset view lists them all at once.
 *
 * @param format "alpaca", "messages", "sharegpt", or "unknown" when no record fits any
 */
public record SftDataset(List<Conversation> conversations, List<DataProblem> problems,
        String format) {

    private static final ObjectMapper JSON = new ObjectMapper();
    // A JSONL line holds exactly one value; "{...} {...}" on one line is an error, not two records.
    private static final ObjectReader ONE_VALUE = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public SftDataset {
        conversations = List.copyOf(conversations);
        problems = List.copyOf(problems);
    }

    /**
     * Reads a .json (array) or .jsonl file; the layout is told by its first character.
     *
     * @throws IOException naming the file when it is missing, not UTF-8, or holds no JSON at all
     */
    public static SftDataset read(Path file) throws IOException {
        List<Raw> records = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        try {
            int first = firstNonBlank(file);
            if (first == '[') {
                readArray(file, records, problems);
            } else if (first >= 0 && !(first == '{' && readSingleObject(file, records))) {
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
        return convert(records, problems);
    }

    private static SftDataset convert(List<Raw> records, List<DataProblem> problems) {
        Optional<DataFormat> format = detectFormat(records.stream().map(Raw::node));
        List<Conversation> conversations = new ArrayList<>();
        for (Raw record : records) {
            if (format.isEmpty()) {
                problems.add(noKnownLayout(record.line()));
                continue;
            }
            try {
                conversations.add(format.get().convert(record.node(), record.line()));
            } catch (DataFormat.Rejected e) {
                problems.add(e.at(record.line()));
            }
        }
        problems.sort(Comparator.comparingInt(DataProblem::line));
        return new SftDataset(conversations, problems,
                format.map(DataFormat::label).orElse(DataFormat.UNKNOWN));
    }

    /** The layout of the first record that fits one: the whole file is read in it. */
    static Optional<DataFormat> detectFormat(Stream<JsonNode> records) {
        return records.map(DataFormat::detect).flatMap(Optional::stream).findFirst();
    }

    /**
     * Why one record cannot be trained on when its file is read as {@code format}, or empty
     * when it can: the same check {@link #read} makes, for a record being edited.
     */
    static Optional<DataProblem> check(JsonNode record, Optional<DataFormat> format, int line) {
        if (format.isEmpty()) {
            return Optional.of(noKnownLayout(line));
        }
        try {
            format.get().convert(record, line);
            return Optional.empty();
        } catch (DataFormat.Rejected e) {
            return Optional.of(e.at(line));
        }
    }

    /** A JSON Lines line that is not one JSON value. */
    static DataProblem malformedLine(int line, JacksonException e) {
        return new DataProblem(line, DataProblem.MALFORMED_JSON,
                "not valid JSON: " + withoutSource(e.getOriginalMessage()));
    }

    /**
     * A parser message without Jackson's location note ("(start marker at [Source: REDACTED
     * ...; line: 1, column: 1])"): the line number already says where.
     */
    public static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "")
                .replaceAll("\\s*at \\[Source:.*$", "").strip();
    }

    private static DataProblem noKnownLayout(int line) {
        return new DataProblem(line, DataProblem.MISSING_FIELD,
                "no 'messages', 'conversations' or 'instruction'/'output' field");
    }

    /** Streams the array so each element keeps the line its object starts on. */
    private static void readArray(Path file, List<Raw> records, List<DataProblem> problems)
            throws IOException {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
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
            problems.add(new DataProblem(lineOf(e), DataProblem.MALFORMED_JSON,
                    "the JSON array is broken here, so no record after this point was read: "
                            + withoutSource(e.getOriginalMessage())));
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
                    problems.add(malformedLine(line, e));
                }
            }
        }
    }

    /**
     * A .json file holding one pretty-printed object is one record; JSON Lines saved as .json
     * fails here on the second object and is read line by line instead.
     */
    private static boolean readSingleObject(Path file, List<Raw> records) throws IOException {
        if (file.getFileName().toString().endsWith(".jsonl")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            records.add(new Raw(ONE_VALUE.readTree(in), 1));
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** The first character that is not whitespace or a byte-order mark, or -1 for none. */
    private static int firstNonBlank(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                if (!Character.isWhitespace(c) && c != '\uFEFF') {
                    return c;
                }
            }
            return -1;
        }
    }

    private static int lineOf(JacksonException e) {
        JsonLocation location = e.getLocation();
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /** A parsed record before it is checked against the file's format. */
    private record Raw(JsonNode node, int line) {}
}
