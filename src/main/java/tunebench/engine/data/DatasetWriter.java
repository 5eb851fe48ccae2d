package tunebench.engine.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tunebench.engine.io.AtomicFiles;

/**
 * Writes a {@link DatasetDocument} back in its layout and style, atomically: a JSON array stays
 * an array, JSON Lines stay one record per line, a CSV table keeps its header. Records never edited are written as they were
 * read, byte for byte; edited ones in the file's style; raw rows verbatim, so nothing is lost.
 */
public final class DatasetWriter {

    private DatasetWriter() {}

    /** Writes the document to its file; returns it as saved, each record at its new line. */
    public static DatasetDocument write(DatasetDocument doc) throws IOException {
        Output out;
        try {
            out = render(doc);
        } catch (DataFormat.NotRepresentable e) {
            throw new IOException("Cannot save " + doc.file().getFileName() + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(doc.file(), out.text.toString());
        return new DatasetDocument(doc.file(), out.layout, out.style, out.records);
    }

    /**
     * The file's text and the records as they stand in it.
     *
     * @throws DataFormat.NotRepresentable when a table cannot hold the records (conversations)
     */
    static Output render(DatasetDocument doc) {
        if (doc.layout().isTable()) {
            return CsvFiles.render(doc);
        }
        DatasetLayout layout = doc.layout();
        JsonStyle style = doc.style();
        boolean fresh = false;
        if (layout == DatasetLayout.JSON_OBJECT && doc.records().size() != 1) {
            // One object holds one record; more need an array, written in the file's style.
            layout = DatasetLayout.JSON_ARRAY;
            style = style.forLayout(layout);
            fresh = true;
        }
        Output out = new Output(layout, style);
        if (style.bom()) {
            out.text.append('\uFEFF');
        }
        out.append(style.open());
        String base = layout == DatasetLayout.JSON_ARRAY ? style.recordIndent() : "";
        for (int i = 0; i < doc.records().size(); i++) {
            if (i > 0) {
                out.append(style.separator());
            }
            DatasetRecord r = doc.records().get(i);
            int line = out.line;
            String text = textOf(r, layout, style, base, fresh);
            out.append(text);
            out.records.add(r.isRaw() ? DatasetRecord.raw(text, r.error(), line)
                    : DatasetRecord.of(r.node(), text, line));
        }
        out.append(style.close());
        return out;
    }

    private static String textOf(DatasetRecord r, DatasetLayout layout, JsonStyle style,
            String base, boolean fresh) {
        String source = r.source();
        if (r.isRaw()) {
            return source;
        }
        boolean fits = source != null && !fresh
                && (layout != DatasetLayout.JSON_LINES || source.indexOf('\n') < 0);
        return fits ? source : style.render(r.node(), base);
    }

    /** The text being built and the line the next character lands on. */
    static final class Output {
        final StringBuilder text = new StringBuilder();
        final List<DatasetRecord> records = new ArrayList<>();
        final DatasetLayout layout;
        final JsonStyle style;
        int line = 1;

        Output(DatasetLayout layout, JsonStyle style) {
            this.layout = layout;
            this.style = style;
        }

        void append(String s) {
            text.append(s);
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
            }
        }
    }
}
