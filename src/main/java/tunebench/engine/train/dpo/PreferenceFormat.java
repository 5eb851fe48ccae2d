package tunebench.engine.train.dpo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tunebench.engine.data.DataProblem;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The preference record layouts TRL's DPOTrainer reads, each turned into a
 * {@link PreferencePair}:
 * <ul>
 *   <li>plain text: {@code {"prompt": "...", "chosen": "...", "rejected": "..."}};</li>
 *   <li>explicit prompt: {@code prompt} (or {@code messages}) a list of turns, {@code chosen} and
 *       {@code rejected} a string or a list with one assistant turn;</li>
 *   <li>implicit prompt (Anthropic HH style): {@code chosen} and {@code rejected} whole
 *       conversations, equal but for the last assistant turn (TRL's {@code extract_prompt}).</li>
 * </ul>
 * A record that fits none is rejected with a {@link DataProblem} kind and a sentence.
 */
final class PreferenceFormat {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private PreferenceFormat() {}

    static PreferencePair convert(JsonNode record, int line) {
        if (!record.isObject()) {
            throw new Rejected(DataProblem.WRONG_TYPE,
                    "each record should be a JSON object, not " + typeName(record));
        }
        String promptField = record.has("prompt") ? "prompt" : record.has("messages") ? "messages" : null;
        JsonNode chosen = required(record, "chosen");
        JsonNode rejected = required(record, "rejected");
        if (promptField == null) {
            return implicitPrompt(chosen, rejected, line);
        }
        JsonNode prompt = record.get(promptField);
        List<ChatMessage> turns;
        if (prompt.isTextual()) {
            turns = List.of(ChatMessage.user(text(prompt, "'" + promptField + "'")));
        } else if (prompt.isArray()) {
            turns = messages(prompt, promptField);
        } else {
            throw new Rejected(DataProblem.WRONG_TYPE, "'" + promptField
                    + "' should be a string or a list of messages, not " + typeName(prompt));
        }
        checkPrompt(turns, promptField);
        return new PreferencePair(turns, reply(chosen, "chosen"), reply(rejected, "rejected"), line);
    }

    /** Both sides carry the whole conversation; the shared part is the prompt. */
    private static PreferencePair implicitPrompt(JsonNode chosen, JsonNode rejected, int line) {
        if (!chosen.isArray() || !rejected.isArray()) {
            throw new Rejected(DataProblem.MISSING_FIELD, "missing field 'prompt' (without it,"
                    + " 'chosen' and 'rejected' must be whole conversations as lists of messages)");
        }
        List<ChatMessage> c = messages(chosen, "chosen");
        List<ChatMessage> r = messages(rejected, "rejected");
        ChatMessage lastChosen = lastAssistant(c, "chosen");
        ChatMessage lastRejected = lastAssistant(r, "rejected");
        List<ChatMessage> prompt = c.subList(0, c.size() - 1);
        if (!prompt.equals(r.subList(0, r.size() - 1))) {
            throw new Rejected(DataProblem.BAD_TURNS, "'chosen' and 'rejected' should differ only"
                    + " in their last assistant message; their earlier messages differ");
        }
        checkPrompt(prompt, "chosen");
        return new PreferencePair(prompt, lastChosen.content(), lastRejected.content(), line);
    }

    private static ChatMessage lastAssistant(List<ChatMessage> turns, String field) {
        ChatMessage last = turns.get(turns.size() - 1);
        if (!last.isAssistant()) {
            throw new Rejected(DataProblem.BAD_TURNS,
                    "the last message of '" + field + "' should be the assistant's reply");
        }
        return last;
    }

    /** The prompt must hand the turn to the assistant; a system message may only come first. */
    private static void checkPrompt(List<ChatMessage> turns, String field) {
        if (turns.isEmpty() || !"user".equals(turns.get(turns.size() - 1).role())) {
            throw new Rejected(DataProblem.BAD_TURNS,
                    "the prompt in '" + field + "' should end with a user message");
        }
        for (int i = 1; i < turns.size(); i++) {
            if ("system".equals(turns.get(i).role())) {
                throw new Rejected(DataProblem.BAD_TURNS,
                        "message " + (i + 1) + " of '" + field + "': a system message may only come first");
            }
        }
    }

    /** A reply: a string, or a list holding one assistant message. */
    private static String reply(JsonNode value, String field) {
        if (value.isTextual()) {
            return text(value, "'" + field + "'");
        }
        if (value.isArray()) {
            List<ChatMessage> turns = messages(value, field);
            if (turns.size() != 1 || !turns.get(0).isAssistant()) {
                throw new Rejected(DataProblem.BAD_TURNS,
                        "'" + field + "' should hold one assistant message when the prompt is given");
            }
            return turns.get(0).content();
        }
        throw new Rejected(DataProblem.WRONG_TYPE, "'" + field
                + "' should be a string or a list of messages, not " + typeName(value));
    }

    private static List<ChatMessage> messages(JsonNode list, String field) {
        if (list.isEmpty()) {
            throw new Rejected(DataProblem.EMPTY_FIELD, "'" + field + "' is empty");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode turn = list.get(i);
            String where = "message " + (i + 1) + " of '" + field + "'";
            if (!turn.isObject()) {
                throw new Rejected(DataProblem.WRONG_TYPE,
                        where + " should be a JSON object, not " + typeName(turn));
            }
            String role = text(required(turn, "role"), where + ": 'role'").trim().toLowerCase(Locale.ROOT);
            if (!ROLES.contains(role)) {
                throw new Rejected(DataProblem.BAD_TURNS,
                        where + ": unknown role '" + role + "' (expected system, user or assistant)");
            }
            out.add(new ChatMessage(role, text(required(turn, "content"), where + ": 'content'")));
        }
        return out;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Rejected(DataProblem.MISSING_FIELD, "missing field '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode value, String what) {
        if (!value.isTextual()) {
            throw new Rejected(DataProblem.WRONG_TYPE,
                    what + " should be a string, not " + typeName(value));
        }
        if (value.asText().isBlank()) {
            throw new Rejected(DataProblem.EMPTY_FIELD, what + " is empty");
        }
        return value.asText();
    }

    private static String typeName(JsonNode node) {
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
        private final String kind;

        Rejected(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        DataProblem at(int line) {
            return new DataProblem(line, kind, getMessage());
        }
    }
}
