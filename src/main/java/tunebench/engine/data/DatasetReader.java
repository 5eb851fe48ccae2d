package tunebench.engine.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dataset file into a {@link DatasetDocument} for editing, keeping everything a save
 * must write back: each record's text, lines that are not JSON, the array's own spacing and the
 * file's style. A .csv or .tsv name makes a table ({@link CsvFiles}); otherwise a leading '['
 * makes an array, and anything else is one object or JSON Lines. Blank JSON Lines lines hold
 * nothing and are not kept. Training, DPO and the editor all read files through here.
 */
public final class DatasetReader {

    private DatasetReader() {}

    /** @throws IOException naming the file when it is missing, not UTF-8, or holds no JSON at all */
    public static DatasetDocument read(Path file) throws IOException {
        return read(file, CsvColumns.NONE);
    }

    /**
     * Reads the file; a .csv or .tsv table's columns are renamed by {@code columns} (format field
     * from CSV column), so a table with other headers reads as any flat format.
     *
     * @throws IOException naming the file when it is missing, not UTF-8, holds no JSON at all, or
     *                     a mapped column is not in the table's header
     */
    public static DatasetDocument read(Path file, CsvColumns columns) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException("No such file: " + file, e);
        } catch (CharacterCodingException e) {
            throw new IOException("Cannot read " + file + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean bom = text.startsWith("\uFEFF");
        if (bom) {
            text = text.substring(1);
        }
        String start = text.stripLeading();
        DatasetDocument doc;
        if (DatasetLayout.forFile(file).isTable()) {
            return CsvFiles.read(file, text, bom, DatasetLayout.forFile(file), columns);
        } else if (start.startsWith("[")) {
            doc = readArray(file, text, bom);
        } else if (start.isEmpty()) {
            DatasetLayout layout = DatasetLayout.forFile(file);
            JsonStyle style = JsonStyle.defaultFor(layout);
            doc = new DatasetDocument(file, layout, style.withFraming(bom, style.open(),
                    style.separator(), style.close()), List.of());
        } else {
            doc = start.startsWith("{") && DatasetLayout.forFile(file) != DatasetLayout.JSON_LINES
                    ? readSingleObject(file, text, bom) : null;
            if (doc == null) {
                doc = readLines(file, text, bom);
            }
        }
        if (doc.layout() == DatasetLayout.JSON_LINES && !doc.records().isEmpty()
                && doc.records().stream().allMatch(DatasetRecord::isRaw)) {
            DatasetRecord first = doc.records().get(0);
            throw new IOException("Cannot read " + file + ": it is neither JSON nor JSON Lines (line "
                    + first.line() + ": " + first.error() + ")");
        }
        return doc;
    }

    /** Streams the array, cutting each element's text out of the file by its offsets. */
    private static DatasetDocument readArray(Path file, String text, boolean bom) throws IOException {
        List<DatasetRecord> records = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int pending = -1;
        int lastEnd = text.indexOf('[') + 1;
        String close;
        try (JsonParser parser = DatasetRecord.JSON.createParser(text)) {
            parser.nextToken();
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    close = text.substring(lastEnd);
                    break;
                }
                pending = (int) parser.currentTokenLocation().getCharOffset();
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = DatasetRecord.JSON.readTree(parser);
                int end = (int) parser.currentLocation().getCharOffset();
                records.add(DatasetRecord.of(node, text.substring(pending, end), line));
                spans.add(new int[] {pending, end});
                pending = -1;
                lastEnd = end;
            }
        } catch (JacksonException e) {
            // Nothing after a syntax error in an array can be trusted to split into records:
            // the rest of the file becomes one raw row, kept verbatim until the user fixes it.
            int from = pending >= 0 ? pending : skipSeparator(text, lastEnd);
            String tail = text.substring(from).stripTrailing();
            if (tail.endsWith("]")) {
                tail = tail.substring(0, tail.length() - 1).stripTrailing();
            }
            String message = "the JSON array is broken here, so this row holds the rest of the file"
                    + " as text; fix it to read its records: " + e.getOriginalMessage();
            records.add(DatasetRecord.raw(tail, message, lineAt(text, from)));
            spans.add(new int[] {from, from + tail.length()});
            close = null;
        }
        return new DatasetDocument(file, DatasetLayout.JSON_ARRAY, arrayStyle(text, spans, close, bom),
                records);
    }

    /** The style of the first record, and the text around and between records as it is. */
    private static JsonStyle arrayStyle(String text, List<int[]> spans, String close, boolean bom) {
        JsonStyle fallback = JsonStyle.JACKSON_ARRAY;
        if (spans.isEmpty()) {
            return fallback.withFraming(bom, "[", fallback.separator(), close == null ? "]\n" : close);
        }
        String open = text.substring(0, spans.get(0)[0]);
        int nl = open.lastIndexOf('\n');
        String base = nl < 0 ? "" : open.substring(nl + 1);
        String separator = spans.size() > 1 ? text.substring(spans.get(0)[1], spans.get(1)[0])
                : nl < 0 ? ", " : "," + open.substring(nl);
        String first = text.substring(spans.get(0)[0], spans.get(0)[1]);
        JsonStyle style = JsonStyle.detect(text, first, base, fallback);
        if (close == null) {
            close = (nl < 0 ? " ]" : style.newline() + "]") + style.newline();
        }
        return style.withFraming(bom, open, separator, close);
    }

    private static DatasetDocument readLines(Path file, String text, boolean bom) {
        List<DatasetRecord> records = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!line.isBlank()) {
                records.add(DatasetRecord.parse(line, i + 1));
            }
        }
        String sample = records.stream().filter(r -> !r.isRaw()).map(DatasetRecord::source)
                .findFirst().orElse("");
        JsonStyle style = JsonStyle.detect(text, sample, "", JsonStyle.COMPACT_LINES);
        boolean finalNewline = text.isEmpty() || text.endsWith("\n");
        return new DatasetDocument(file, DatasetLayout.JSON_LINES, style.withFraming(bom, "",
                style.newline(), finalNewline ? style.newline() : ""), records);
    }

    /** A .json file of one pretty-printed object; null when it is JSON Lines saved as .json. */
    private static DatasetDocument readSingleObject(Path file, String text, boolean bom) {
        String source = text.strip();
        DatasetRecord record = DatasetRecord.parse(source, 1 + (int) text.substring(0,
                text.indexOf('{')).chars().filter(c -> c == '\n').count());
        if (record.isRaw()) {
            return null;
        }
        int at = text.indexOf(source);
        JsonStyle style = JsonStyle.detect(text, source, "", JsonStyle.JACKSON_ARRAY);
        return new DatasetDocument(file, DatasetLayout.JSON_OBJECT, style.withFraming(bom,
                text.substring(0, at), style.separator(), text.substring(at + source.length())),
                List.of(record));
    }

    private static int skipSeparator(String text, int from) {
        int i = from;
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
            i++;
        }
        return i;
    }

    private static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
