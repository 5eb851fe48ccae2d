package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading one field of a record, the same way for every format, so a missing field, an empty one
 * and one of the wrong type are told apart with the same sentences everywhere.
 */
final class JsonFields {

    private JsonFields() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The field's value; missing-field when it is absent or null. */
    static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new DataFormat.Rejected(DataProblem.MISSING_FIELD, where + "missing field '" + field + "'");
        }
        return value;
    }

    /** A string that must be there and hold something. */
    static String requiredText(JsonNode node, String field, String where) {
        String text = asText(required(node, field, where), field, where);
        if (text.isBlank()) {
            throw new DataFormat.Rejected(DataProblem.EMPTY_FIELD, where + "'" + field + "' is empty");
        }
        return text;
    }

    /** A string that may be absent or null (then ""). */
    static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : asText(value, field, where);
    }

    static String asText(JsonNode value, String field, String where) {
        if (!value.isTextual()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                    where + "'" + field + "' should be a string, not " + typeName(value));
        }
        return value.asText();
    }

    /** A top-level "category" string (Dolly's, or any exporter's); null when absent or blank. */
    static String category(JsonNode record) {
        JsonNode value = record.get("category");
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> "null";
        };
    }

    static void requireObject(JsonNode record) {
        if (!record.isObject()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                    "each record should be a JSON object, not " + typeName(record));
        }
    }
}
