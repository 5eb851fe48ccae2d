package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The dataset record layouts we read and write, each turned into an {@link Example}: Stanford
 * Alpaca, Databricks Dolly, transformers-style {@code messages}, ShareGPT {@code conversations},
 * OpenAssistant message trees, preference pairs and plain text. A record that does not fit is
 * rejected with the {@link DataProblem} kind and a sentence saying what is wrong.
 */
public enum DataFormat {
    ALPACA("alpaca", List.of("instruction", "input", "output")),
    /** databricks-dolly-15k: the context follows the instruction; the category is kept. */
    DOLLY("dolly", List.of("instruction", "context", "response", "category")),
    MESSAGES("messages", List.of()),
    SHAREGPT("sharegpt", List.of()),
    /**
     * The OpenAssistant (oasst1/oasst2) message export, one message per record linked by
     * message_id / parent_id: each path from a root to a leaf is a conversation.
     */
    OASST("oasst", List.of("role", "text")),
    /** prompt / chosen / rejected, as text or as lists of messages (TRL's DPO layouts). */
    PREFERENCE("preference", List.of("prompt", "chosen", "rejected")),
    /** Plain language-model text, {"text": "..."}: pre-training and continued pre-training. */
    TEXT("text", List.of("text"));

    static final String UNKNOWN = "unknown";

    private static final Map<String, String> CHAT_ROLES =
            Map.of("system", "system", "user", "user", "assistant", "assistant");
    // ShareGPT exports write human/gpt; later tools wrote user/assistant in the same field.
    private static final Map<String, String> SHAREGPT_ROLES = Map.of("system", "system",
            "human", "user", "user", "user", "gpt", "assistant", "assistant", "assistant");

    private final String label;
    private final List<String> fields;

    DataFormat(String label, List<String> fields) {
        this.label = label;
        this.fields = fields;
    }

    /**
     * The text fields a record of a flat format holds, in the order an editor shows them; empty
     * for the conversation formats, whose records are lists of turns ({@link TurnFields}).
     */
    public List<String> fields() {
        return fields;
    }

    /** Whether a record is a list of turns rather than flat text fields. */
    public boolean isConversation() {
        return fields.isEmpty();
    }

    /** The name a user sees and {@link SftDataset#format()} reports: "alpaca", "messages", ... */
    public String label() {
        return label;
    }

    /** The layout a record is written in, by its keys; empty when it fits none. */
    static Optional<DataFormat> detect(JsonNode record) {
        if (!record.isObject()) {
            return Optional.empty();
        }
        if (record.has("messages")) {
            return Optional.of(MESSAGES);
        }
        if (record.has("conversations")) {
            return Optional.of(SHAREGPT);
        }
        if (record.has("instruction") || record.has("output")) {
            return Optional.of(ALPACA);
        }
        if (record.has("text")) {
            return Optional.of(TEXT);
        }
        return Optional.empty();
    }

    /** The record as a conversation; throws {@link Rejected} with the first problem found. */
    Conversation convert(JsonNode record, int line) {
        if (!record.isObject()) {
            throw new Rejected(DataProblem.WRONG_TYPE,
                    "each record should be a JSON object, not " + typeName(record));
        }
        List<ChatMessage> messages = switch (this) {
            case ALPACA -> alpaca(record);
            case MESSAGES -> turns(record, "messages", "role", "content", CHAT_ROLES);
            case SHAREGPT -> turns(record, "conversations", "from", "value", SHAREGPT_ROLES);
            case TEXT -> List.of(new ChatMessage(Conversation.TEXT_ROLE, requiredText(record, "text", "")));
            case DOLLY, OASST, PREFERENCE -> throw new UnsupportedOperationException("TODO(formats helper)");
        };
        if (this == TEXT) {
            return new Conversation(messages, line);
        }
        checkTurns(messages);
        return new Conversation(messages, line);
    }

    /** Stanford Alpaca: the input, when given, follows the instruction after a blank line. */
    private static List<ChatMessage> alpaca(JsonNode record) {
        String instruction = requiredText(record, "instruction", "");
        String input = optionalText(record, "input", "");
        String output = requiredText(record, "output", "");
        String system = optionalText(record, "system", "");
        List<ChatMessage> messages = new ArrayList<>();
        if (!system.isBlank()) {
            messages.add(ChatMessage.system(system));
        }
        String user = input.isBlank() ? instruction : instruction + "\n\n" + input;
        messages.add(ChatMessage.user(user));
        messages.add(ChatMessage.assistant(output));
        return messages;
    }

    private static List<ChatMessage> turns(JsonNode record, String listField, String roleField,
            String contentField, Map<String, String> roles) {
        JsonNode list = record.get(listField);
        if (list == null || list.isNull()) {
            throw new Rejected(DataProblem.MISSING_FIELD, "missing field '" + listField + "'");
        }
        if (!list.isArray()) {
            throw new Rejected(DataProblem.WRONG_TYPE,
                    "'" + listField + "' should be a list, not " + typeName(list));
        }
        if (list.isEmpty()) {
            throw new Rejected(DataProblem.EMPTY_FIELD, "'" + listField + "' is empty");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode turn = list.get(i);
            String where = "message " + (i + 1) + ": ";
            if (!turn.isObject()) {
                throw new Rejected(DataProblem.WRONG_TYPE,
                        where + "should be a JSON object, not " + typeName(turn));
            }
            String given = requiredText(turn, roleField, where);
            String role = roles.get(given.trim().toLowerCase(Locale.ROOT));
            if (role == null) {
                String known = String.join(", ", roles.keySet().stream().sorted().toList());
                throw new Rejected(DataProblem.BAD_TURNS,
                        where + "unknown role '" + given + "' (expected " + known + ")");
            }
            // Exports often carry an empty system prompt; it means "none", not a broken record.
            if (role.equals("system") && optionalText(turn, contentField, where).isBlank()) {
                continue;
            }
            messages.add(new ChatMessage(role, requiredText(turn, contentField, where)));
        }
        return messages;
    }

    /** Rules every template we render relies on: system first if at all, something to learn. */
    private static void checkTurns(List<ChatMessage> messages) {
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).role().equals("system")) {
                throw new Rejected(DataProblem.BAD_TURNS,
                        "message " + (i + 1) + ": a system message may only come first");
            }
        }
        if (messages.stream().noneMatch(ChatMessage::isAssistant)) {
            throw new Rejected(DataProblem.BAD_TURNS, "no assistant message to learn from");
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Rejected(DataProblem.MISSING_FIELD, where + "missing field '" + field + "'");
        }
        String text = asText(value, field, where);
        if (text.isBlank()) {
            throw new Rejected(DataProblem.EMPTY_FIELD, where + "'" + field + "' is empty");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : asText(value, field, where);
    }

    private static String asText(JsonNode value, String field, String where) {
        if (!value.isTextual()) {
            throw new Rejected(DataProblem.WRONG_TYPE,
                    where + "'" + field + "' should be a string, not " + typeName(value));
        }
        return value.asText();
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

    /** One record's problem, as the kind and sentence of a {@link DataProblem}. */
    static final class Rejected extends RuntimeException {
        final String kind;

        Rejected(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        DataProblem at(int line) {
            return new DataProblem(line, kind, getMessage());
        }
    }
}
