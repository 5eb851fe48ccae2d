package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The dataset record layouts we read and write, each turned into an {@link Example}: Stanford
 * Alpaca, Databricks Dolly, transformers-style {@code messages}, ShareGPT {@code conversations},
 * OpenAssistant message trees, preference pairs and plain text. A record that does not fit is
 * rejected with the {@link DataProblem} kind and a sentence saying what is wrong; an example a
 * format cannot hold is refused with a sentence saying why ({@link NotRepresentable}).
 */
public enum DataFormat {
    ALPACA("alpaca", "Alpaca", List.of("instruction", "input", "output"),
            List.of("instruction", "input", "output", "system", "history")),
    /** databricks-dolly-15k: the context follows the instruction; the category is kept. */
    DOLLY("dolly", "Dolly", List.of("instruction", "context", "response", "category"),
            List.of("instruction", "context", "response", "category")),
    MESSAGES("messages", "messages", List.of(), List.of("messages")),
    SHAREGPT("sharegpt", "ShareGPT", List.of(), List.of("conversations", "system")),
    /**
     * The OpenAssistant (oasst1/oasst2) message export, one message per record linked by
     * message_id / parent_id: each path from a root to a leaf is a conversation ({@link OasstTrees}).
     */
    OASST("oasst", "OpenAssistant", List.of("role", "text"), OasstTrees.KEYS),
    /** prompt / chosen / rejected, as text or as lists of messages (TRL's DPO layouts). */
    PREFERENCE("preference", "preference", List.of("prompt", "chosen", "rejected"),
            List.of("prompt", "chosen", "rejected", "messages")),
    /** Plain language-model text, {"text": "..."}: pre-training and continued pre-training. */
    TEXT("text", "plain text", List.of("text"), List.of("text"));

    static final String UNKNOWN = "unknown";

    private final String label;
    private final String displayName;
    private final List<String> fields;
    private final List<String> keys;

    DataFormat(String label, String displayName, List<String> fields, List<String> keys) {
        this.label = label;
        this.displayName = displayName;
        this.fields = fields;
        this.keys = keys;
    }

    /**
     * The text fields a record of a flat format holds, in the order an editor shows them; empty
     * for the conversation formats, whose records are lists of turns ({@link TurnFields}).
     */
    public List<String> fields() {
        return fields;
    }

    /** Every top-level key the format gives a meaning to (besides "category"); others are extra. */
    public List<String> keys() {
        return keys;
    }

    /** Whether a record is a list of turns rather than flat text fields. */
    public boolean isConversation() {
        return fields.isEmpty();
    }

    /** The name a user sees and {@link SftDataset#format()} reports: "alpaca", "messages", ... */
    public String label() {
        return label;
    }

    /** The name in a sentence: "Alpaca", "ShareGPT", "OpenAssistant", "plain text". */
    public String displayName() {
        return displayName;
    }

    /** The format of a label ("alpaca", "ShareGPT", ...), as a user or a config names it. */
    public static Optional<DataFormat> forLabel(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.label.equals(wanted)
                || f.displayName.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** The layout a record is written in, by its keys; empty when it fits none or two equally. */
    static Optional<DataFormat> detect(JsonNode record) {
        return FormatDetection.fit(record);
    }

    /**
     * One record as an example; throws {@link Rejected} with the first problem found. OpenAssistant
     * messages only make conversations together: read those files with {@link ExampleSet#read}.
     */
    public Example read(JsonNode record, int line) {
        JsonFields.requireObject(record);
        return switch (this) {
            case ALPACA -> FlatRecords.readAlpaca(record, line);
            case DOLLY -> FlatRecords.readDolly(record, line);
            case MESSAGES -> withCategory(ChatTurns.read(record, TurnFields.of(this).orElseThrow(),
                    ChatTurns.CHAT_ROLES), record, line);
            case SHAREGPT -> withCategory(ChatTurns.read(record, TurnFields.of(this).orElseThrow(),
                    ChatTurns.SHAREGPT_ROLES), record, line);
            case PREFERENCE -> PreferenceRecords.read(record, line);
            case TEXT -> FlatRecords.readText(record, line);
            case OASST -> throw new UnsupportedOperationException(
                    "OpenAssistant messages form trees: read the whole file with ExampleSet.read");
        };
    }

    /**
     * The example as one record of this format.
     *
     * @throws NotRepresentable saying why when the format cannot hold it (a rejected reply outside
     *                          the preference format, a multi-turn chat in Dolly, ...)
     */
    public ObjectNode write(Example example) {
        return switch (this) {
            case ALPACA -> FlatRecords.writeAlpaca(example);
            case DOLLY -> FlatRecords.writeDolly(example);
            case MESSAGES, SHAREGPT -> {
                ObjectNode o = JsonFields.object();
                TurnFields f = TurnFields.of(this).orElseThrow();
                o.set(f.list(), ChatTurns.write(FlatRecords.chat(example, displayName), f));
                yield FlatRecords.withCategory(o, example);
            }
            case PREFERENCE -> PreferenceRecords.write(example);
            case TEXT -> FlatRecords.writeText(example);
            case OASST -> throw new UnsupportedOperationException(
                    "an OpenAssistant example is several messages: write it with OasstTrees.write");
        };
    }

    /** The record as a conversation (a pair's chosen side); throws {@link Rejected}. */
    Conversation convert(JsonNode record, int line) {
        return read(record, line).conversation();
    }

    private static Example withCategory(List<tunebench.engine.model.tokenizer.ChatMessage> messages,
            JsonNode record, int line) {
        return new Example(messages, null, JsonFields.category(record), line);
    }

    static String typeName(JsonNode node) {
        return JsonFields.typeName(node);
    }

    /** One record's problem, as the kind and sentence of a {@link DataProblem}. */
    public static final class Rejected extends RuntimeException {
        final String kind;

        Rejected(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        /** One of {@link DataProblem#KINDS}. */
        public String kind() {
            return kind;
        }

        public DataProblem at(int line) {
            return new DataProblem(line, kind, getMessage());
        }
    }

    /** An example this format has no way to hold; the message says why, as a sentence. */
    public static final class NotRepresentable extends IllegalArgumentException {
        public NotRepresentable(String message) {
            super(message);
        }
    }
}
