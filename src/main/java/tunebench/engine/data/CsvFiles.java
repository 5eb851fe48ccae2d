package tunebench.engine.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CSV and TSV dataset files, parsed and written by jackson-dataformat-csv: a header row names the
 * columns and each row becomes a record of strings, at the line the row starts on (a quoted field
 * may span lines). A row whose column count is not the header's is kept as raw text, like a
 * broken JSON line, so a save loses nothing. Untouched rows are written back byte for byte.
 */
final class CsvFiles {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            // Quote a cell only when it must be (a separator, quote or line break), as Python's
            // csv module and pandas do, so a saved table diffs cleanly.
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private CsvFiles() {}

    static DatasetDocument read(Path file, String text, boolean bom, DatasetLayout layout,
            CsvColumns columns) throws IOException {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        JsonStyle base = JsonStyle.COMPACT_LINES.forLayout(layout);
        JsonStyle style = new JsonStyle(base.colon(), base.comma(), base.indent(), base.inlineArrays(),
                false, newline, bom, "", newline, text.isEmpty() || text.endsWith("\n") ? newline : "");
        List<Row> rows = rows(text, layout);
        if (rows.isEmpty()) {
            return new DatasetDocument(file, layout, style, List.of());
        }
        Row head = rows.get(0);
        if (head.error != null) {
            throw new IOException("Cannot read " + file + ": its header row is not " + layout.label()
                    + " (" + head.error + ")");
        }
        List<String> header = names(head.cells);
        List<String> fields;
        try {
            fields = columns.rename(header);
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        // A renamed header is no longer the file's: every row is written afresh under the new one.
        boolean renamed = !fields.equals(header);
        int bodyStart = rows.size() > 1 ? rows.get(1).offset : text.length();
        style = style.withFraming(bom, renamed ? "" : text.substring(0, bodyStart), newline, style.close());
        List<DatasetRecord> records = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            if (row.error != null) {
                records.add(DatasetRecord.raw(row.text, row.error, row.line));
            } else if (row.cells.size() != fields.size()) {
                records.add(DatasetRecord.raw(row.text, "this row has " + row.cells.size()
                        + (row.cells.size() == 1 ? " column" : " columns") + " but the header has "
                        + fields.size() + "; a field holding a " + (layout == DatasetLayout.TSV ? "tab" : "comma")
                        + ", a quote or a line break must be in double quotes", row.line));
            } else {
                ObjectNode node = JsonFields.object();
                for (int i = 0; i < fields.size(); i++) {
                    node.put(fields.get(i), row.cells.get(i));
                }
                records.add(DatasetRecord.of(node, renamed ? null : row.text, row.line));
            }
        }
        return new DatasetDocument(file, layout, style, records);
    }

    /** One row: its cells (or why it cannot be parsed), its text and where it starts. */
    private record Row(List<String> cells, String text, int line, int offset, String error) {}

    private static List<Row> rows(String text, DatasetLayout layout) {
        List<Row> rows = new ArrayList<>();
        List<int[]> starts = new ArrayList<>(); // offset, line
        List<List<String>> cells = new ArrayList<>();
        String error = null;
        try (CsvParser p = (CsvParser) CSV.getFactory().createParser(text)) {
            p.setSchema(schema(layout, "\n"));
            p.nextToken(); // the array of rows
            List<String> row = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    row = new ArrayList<>();
                } else if (t == JsonToken.VALUE_STRING) {
                    if (row.isEmpty()) {
                        starts.add(new int[] {(int) p.currentTokenLocation().getCharOffset(),
                                p.currentTokenLocation().getLineNr()});
                    }
                    row.add(p.getText());
                } else if (t == JsonToken.END_ARRAY) {
                    if (row == null) {
                        break;
                    }
                    if (!row.isEmpty()) {
                        cells.add(row);
                    }
                    row = null;
                }
            }
        } catch (JacksonException e) {
            error = "the " + layout.label() + " is broken here, so this row holds the rest of the file as"
                    + " text; fix it to read its rows: " + SftDataset.withoutSource(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < cells.size(); i++) {
            int from = starts.get(i)[0];
            int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            rows.add(new Row(cells.get(i), trimEnd(text.substring(from, to)), starts.get(i)[1], from, null));
        }
        if (error != null) {
            int from = starts.size() > cells.size() ? starts.get(cells.size())[0]
                    : rows.isEmpty() ? 0 : rows.get(rows.size() - 1).offset + rows.get(rows.size() - 1).text.length();
            while (from < text.length() && (text.charAt(from) == '\r' || text.charAt(from) == '\n')) {
                from++;
            }
            int line = 1 + (int) text.substring(0, from).chars().filter(c -> c == '\n').count();
            rows.add(new Row(List.of(), trimEnd(text.substring(from)), line, from, error));
        }
        return rows;
    }

    /** Header names; an unnamed column (pandas' index) is called by its position. */
    private static List<String> names(List<String> header) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            names.add(name.isEmpty() || names.contains(name) ? "column " + (i + 1) : name);
        }
        return names;
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * The document as a table: the header as read when the columns are unchanged (else the
     * format's fields first, then other keys in the order met), untouched rows as read.
     *
     * @throws DataFormat.NotRepresentable for a conversation format, or a field holding a list
     */
    static DatasetWriter.Output render(DatasetDocument doc) {
        Optional<DataFormat> format = doc.format();
        if (format.isPresent() && format.get().isConversation()) {
            throw new DataFormat.NotRepresentable("a " + format.get().displayName() + " dataset cannot be"
                    + " saved as " + doc.layout().label() + ": a table holds flat text fields."
                    + " Convert it to Alpaca (or another flat format) first");
        }
        JsonStyle style = doc.style();
        List<String> original = style.open().isEmpty() ? List.of() : rows(style.open(), doc.layout()).get(0).cells;
        List<String> columns = new ArrayList<>(original.isEmpty() && format.isPresent()
                ? format.get().fields() : names(original));
        for (DatasetRecord r : doc.records()) {
            r.fieldNames().stream().filter(k -> !columns.contains(k)).forEach(columns::add);
        }
        boolean sameHeader = !original.isEmpty() && columns.equals(names(original));
        DatasetWriter.Output out = new DatasetWriter.Output(doc.layout(), style);
        if (style.bom()) {
            out.text.append('\uFEFF');
        }
        out.append(sameHeader ? style.open() : line(columns, doc.layout(), style.newline()) + style.newline());
        for (int i = 0; i < doc.records().size(); i++) {
            if (i > 0) {
                out.append(style.newline());
            }
            DatasetRecord r = doc.records().get(i);
            int at = out.line;
            String text = r.isRaw() || (sameHeader && r.source() != null) ? r.source()
                    : line(cells(r, columns), doc.layout(), style.newline());
            out.append(text);
            out.records.add(r.isRaw() ? DatasetRecord.raw(text, r.error(), at) : DatasetRecord.of(r.node(), text, at));
        }
        out.append(doc.records().isEmpty() ? "" : style.close());
        return out;
    }

    private static List<String> cells(DatasetRecord r, List<String> columns) {
        List<String> cells = new ArrayList<>();
        for (String column : columns) {
            JsonNode v = r.node().get(column);
            if (v != null && v.isContainerNode()) {
                throw new DataFormat.NotRepresentable("'" + column + "' of the record at line " + r.line()
                        + " is " + JsonFields.typeName(v) + ", and a table cell holds text only");
            }
            cells.add(v == null || v.isNull() ? "" : v.asText());
        }
        return cells;
    }

    /** One row of cells, quoted where needed, without its line end. */
    private static String line(List<String> cells, DatasetLayout layout, String newline) {
        try {
            String row = CSV.writerFor(String[].class).with(schema(layout, newline))
                    .writeValueAsString(cells.toArray(String[]::new));
            return row.substring(0, row.length() - newline.length());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CsvSchema schema(DatasetLayout layout, String newline) {
        return CsvSchema.emptySchema().withColumnSeparator(layout.separator()).withLineSeparator(newline);
    }
}
