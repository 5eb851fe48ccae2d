package tunebench.engine.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * One record of a dataset file as the user edits it: its JSON exactly as read (unknown fields
 * and key order kept) and the line it starts on, or, for a line that is not JSON, the raw text
 * and why it does not parse, so a save loses nothing. Immutable: each edit returns a copy, and
 * a record that was never edited keeps its source text to be written back byte for byte.
 */
public final class DatasetRecord {

    // Exact decimals, so 1.10 is written back as 1.10 and not 1.1.
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final ObjectReader ONE_VALUE = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonStyle EDITOR =
            new JsonStyle(": ", ", ", "  ", false, false, "\n", false, "", "", "");

    private final JsonNode node; // null for a raw row
    private final String source; // text as read while unedited, or a raw row's text
    private final String error;  // why a raw row is not JSON
    private final int line;
    private String searchText;

    private DatasetRecord(JsonNode node, String source, String error, int line) {
        this.node = node;
        this.source = source;
        this.error = error;
        this.line = line;
    }

    /** One JSON value as read from a file; a raw row when the text is not exactly one value. */
    public static DatasetRecord parse(String text, int line) {
        try {
            return new DatasetRecord(ONE_VALUE.readTree(text), text, null, line);
        } catch (JacksonException e) {
            return new DatasetRecord(null, text, SftDataset.malformedLine(line, e).message(), line);
        }
    }

    static DatasetRecord of(JsonNode node, String source, int line) {
        return new DatasetRecord(node, source, null, line);
    }

    static DatasetRecord raw(String text, String error, int line) {
        return new DatasetRecord(null, text, error, line);
    }

    /** An empty record to fill in: the fields (or a user and an assistant turn) of the format. */
    public static DatasetRecord blank(Optional<DataFormat> format) {
        ObjectNode o = JSON.createObjectNode();
        DataFormat f = format.orElse(DataFormat.ALPACA);
        if (f.isConversation()) {
            TurnFields tf = TurnFields.of(f).orElseThrow();
            ArrayNode turns = o.putArray(tf.list());
            turns.addObject().put(tf.role(), tf.userRole()).put(tf.content(), "");
            turns.addObject().put(tf.role(), tf.assistantRole()).put(tf.content(), "");
        } else {
            f.fields().forEach(name -> o.put(name, ""));
        }
        return new DatasetRecord(o, null, null, 0);
    }

    public boolean isRaw() {
        return node == null;
    }

    /** The line the record starts on in its file; 0 for a record not saved yet. */
    public int line() {
        return line;
    }

    /** Why a raw row is not JSON; null for a parsed record. */
    public String error() {
        return error;
    }

    public DatasetRecord atLine(int newLine) {
        return new DatasetRecord(node, source, error, newLine);
    }

    /** A field's text; its JSON when it is not a string; null when absent. */
    public String text(String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** Whether the field can be edited as text: absent, null or a string. */
    public boolean isText(String field) {
        if (node == null || !node.isObject()) {
            return false;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isTextual();
    }

    /** The object's keys in file order; empty for a raw row or a value that is no object. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** A copy with the field set (a new field goes last, an existing one keeps its place). */
    public DatasetRecord withText(String field, String value) {
        if (!isText(field)) {
            throw new IllegalStateException("'" + field + "' is not a text field");
        }
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.put(field, value);
        return new DatasetRecord(copy, null, null, line);
    }

    /** The turns of a conversation as written (roles unmapped); empty when not editable as turns. */
    public Optional<List<ChatMessage>> turns(DataFormat format) {
        Optional<TurnFields> fields = TurnFields.of(format);
        if (fields.isEmpty() || node == null || !(node.get(fields.get().list()) instanceof ArrayNode list)) {
            return Optional.empty();
        }
        TurnFields f = fields.get();
        List<ChatMessage> turns = new ArrayList<>();
        for (JsonNode turn : list) {
            if (!turn.isObject() || !textOrAbsent(turn.get(f.role())) || !textOrAbsent(turn.get(f.content()))) {
                return Optional.empty();
            }
            turns.add(new ChatMessage(turn.path(f.role()).asText(""), turn.path(f.content()).asText("")));
        }
        return Optional.of(turns);
    }

    /** A copy with turn {@code index}'s role and content set; its other keys stay. */
    public DatasetRecord withTurn(DataFormat format, int index, String role, String content) {
        TurnFields f = TurnFields.of(format).orElseThrow();
        ObjectNode copy = (ObjectNode) node.deepCopy();
        ((ObjectNode) copy.get(f.list()).get(index)).put(f.role(), role).put(f.content(), content);
        return new DatasetRecord(copy, null, null, line);
    }

    /** A copy with an empty turn of this role inserted at {@code index}. */
    public DatasetRecord withTurnInserted(DataFormat format, int index, String role) {
        TurnFields f = TurnFields.of(format).orElseThrow();
        ObjectNode copy = (ObjectNode) node.deepCopy();
        ArrayNode list = copy.withArray(f.list());
        list.insertObject(index).put(f.role(), role).put(f.content(), "");
        return new DatasetRecord(copy, null, null, line);
    }

    public DatasetRecord withTurnRemoved(DataFormat format, int index) {
        TurnFields f = TurnFields.of(format).orElseThrow();
        ObjectNode copy = (ObjectNode) node.deepCopy();
        ((ArrayNode) copy.get(f.list())).remove(index);
        return new DatasetRecord(copy, null, null, line);
    }

    /** The record as indented JSON for a text editor; a raw row's text as it is. */
    public String json() {
        return node == null ? source : EDITOR.render(node, "");
    }

    /** The record on one line, as JSON Lines would hold it; a raw row's text as it is. */
    public String compactJson() {
        return node == null ? source : node.toString();
    }

    /** The format this record alone is written in, by its keys; empty when it fits none. */
    public Optional<DataFormat> format() {
        return node == null ? Optional.empty() : DataFormat.detect(node);
    }

    /** The record the JSON text describes, or a raw row (with its error) when it does not parse. */
    public DatasetRecord withJson(String text) {
        DatasetRecord parsed = parse(text.strip(), line);
        return parsed.isRaw() ? parsed : new DatasetRecord(parsed.node, null, null, line);
    }

    /** Every string in the record (or the raw text), lower-cased, for a text filter. */
    public String searchText() {
        if (searchText == null) {
            StringBuilder sb = new StringBuilder();
            if (node == null) {
                sb.append(source);
            } else {
                collect(node, sb);
            }
            searchText = sb.toString().toLowerCase(Locale.ROOT);
        }
        return searchText;
    }

    /** The same record, to be written afresh (in another layout) rather than as it was read. */
    DatasetRecord withoutSource() {
        return node == null ? this : new DatasetRecord(node, null, null, line);
    }

    /** The text to write back unchanged, or null once the record has been edited. */
    String source() {
        return source;
    }

    JsonNode node() {
        return node;
    }

    private static void collect(JsonNode n, StringBuilder sb) {
        if (n.isTextual()) {
            sb.append(n.asText()).append('\n');
        } else if (n.isContainerNode()) {
            n.forEach(child -> collect(child, sb));
        } else if (!n.isNull()) {
            sb.append(n.asText()).append('\n');
        }
    }

    private static boolean textOrAbsent(JsonNode n) {
        return n == null || n.isNull() || n.isTextual();
    }

    @Override
    public String toString() {
        return "line " + line + ": " + (node == null ? source : node.toString());
    }
}
