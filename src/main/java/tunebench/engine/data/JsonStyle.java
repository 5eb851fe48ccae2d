package tunebench.engine.data;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.Separators.Spacing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a dataset file was written (Jackson's {@code "key" : value}, Python's {@code indent=2},
 * compact lines, CRLF, {@code ensure_ascii}), so an edited record is written back the way its
 * neighbours are and a save changes only what was edited.
 *
 * @param colon        between a key and its value: ":", ": " or " : "
 * @param comma        between the entries of a compact object: "," or ", "
 * @param indent       one level of indentation; empty for compact records
 * @param inlineArrays Jackson's {@code [ {} ]} rather than Python's one element per line
 * @param asciiOnly    non-ASCII characters escaped as {@code \\uXXXX} (Python's default)
 * @param newline      "\n" or "\r\n"
 * @param bom          the file starts with a UTF-8 byte-order mark
 * @param open         a JSON array's text before its first record ("[ " or "[\n  ")
 * @param separator    a JSON array's text between records (", " or ",\n  ")
 * @param close        a JSON array's text after its last record, or after the last line
 */
public record JsonStyle(String colon, String comma, String indent, boolean inlineArrays,
        boolean asciiOnly, String newline, boolean bom, String open, String separator,
        String close) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIRST_KEY = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"([ \\t]*):([ \\t]*)");
    private static final Pattern COMMA = Pattern.compile(",( ?)\"");

    /** Jackson's default pretty printer, as the sample data is written. */
    public static final JsonStyle JACKSON_ARRAY =
            new JsonStyle(" : ", ",", "  ", true, false, "\n", false, "[ ", ", ", " ]\n");
    /** One compact object per line, the way Jackson and most exporters write JSON Lines. */
    public static final JsonStyle COMPACT_LINES =
            new JsonStyle(":", ",", "", true, false, "\n", false, "", "\n", "\n");

    public static JsonStyle defaultFor(DatasetLayout layout) {
        // A table's framing is a line's: its header goes in front when there is one.
        return layout == DatasetLayout.JSON_LINES || layout.isTable() ? COMPACT_LINES : JACKSON_ARRAY;
    }

    /** This style with another layout's framing, keeping the choices a user made (CRLF, ASCII). */
    public JsonStyle forLayout(DatasetLayout layout) {
        JsonStyle base = defaultFor(layout);
        boolean lines = layout == DatasetLayout.JSON_LINES || layout.isTable();
        String sep = lines ? newline : base.separator;
        String end = lines ? newline : base.close.replace("\n", newline);
        return new JsonStyle(base.colon, base.comma, base.indent, base.inlineArrays, asciiOnly,
                newline, bom, base.open, sep, end);
    }

    /**
     * The style of {@code text} judged from one record's source: key spacing, indentation under
     * {@code baseIndent} (the record's own indentation in an array), commas, line ends.
     */
    static JsonStyle detect(String text, String sample, String baseIndent, JsonStyle fallback) {
        String colon = fallback.colon;
        Matcher key = FIRST_KEY.matcher(sample);
        if (key.find()) {
            colon = key.group(1) + ":" + key.group(2);
        }
        String indent = "";
        int brace = sample.indexOf('{');
        int eol = brace < 0 ? -1 : sample.indexOf('\n', brace);
        if (eol >= 0) {
            int start = eol + 1;
            int end = start;
            while (end < sample.length() && (sample.charAt(end) == ' ' || sample.charAt(end) == '\t')) {
                end++;
            }
            String lead = sample.substring(start, end);
            indent = lead.startsWith(baseIndent) ? lead.substring(baseIndent.length()) : lead;
        }
        Matcher comma = COMMA.matcher(sample);
        String entrySep = comma.find() ? "," + comma.group(1) : fallback.comma;
        boolean ascii = text.chars().allMatch(c -> c < 128) && text.contains("\\u");
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        return new JsonStyle(colon, entrySep, indent, colon.startsWith(" "), ascii, newline,
                false, fallback.open, fallback.separator, fallback.close);
    }

    JsonStyle withFraming(boolean bom, String open, String separator, String close) {
        return new JsonStyle(colon, comma, indent, inlineArrays, asciiOnly, newline, bom, open,
                separator, close);
    }

    /** One record as text in this style; continuation lines start with {@code baseIndent}. */
    String render(JsonNode node, String baseIndent) {
        try {
            String text = writer().writeValueAsString(node);
            return baseIndent.isEmpty() ? text : text.replace(newline, newline + baseIndent);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The indentation an array's records sit at: what follows the last line break in the separator. */
    String recordIndent() {
        int nl = separator.lastIndexOf('\n');
        return nl < 0 || indent.isEmpty() ? "" : separator.substring(nl + 1);
    }

    private ObjectWriter writer() {
        boolean jacksonish = inlineArrays;
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(spacing(colon))
                .withObjectEntrySpacing(indent.isEmpty() && comma.endsWith(" ") ? Spacing.AFTER : Spacing.NONE)
                .withArrayValueSpacing(indent.isEmpty() && comma.endsWith(" ") ? Spacing.AFTER : Spacing.NONE)
                .withObjectEmptySeparator(jacksonish && !indent.isEmpty() ? " " : "")
                .withArrayEmptySeparator(jacksonish && !indent.isEmpty() ? " " : "");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        if (indent.isEmpty()) {
            printer.indentObjectsWith(DefaultPrettyPrinter.NopIndenter.instance);
            printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
        } else {
            printer.indentObjectsWith(new DefaultIndenter(indent, newline));
            printer.indentArraysWith(inlineArrays ? DefaultPrettyPrinter.FixedSpaceIndenter.instance
                    : new DefaultIndenter(indent, newline));
        }
        ObjectWriter writer = JSON.writer(printer);
        return asciiOnly ? writer.with(JsonWriteFeature.ESCAPE_NON_ASCII) : writer;
    }

    private static Spacing spacing(String colon) {
        boolean before = colon.startsWith(" ");
        boolean after = colon.endsWith(" ");
        return before && after ? Spacing.BOTH : before ? Spacing.BEFORE : after ? Spacing.AFTER : Spacing.NONE;
    }
}
