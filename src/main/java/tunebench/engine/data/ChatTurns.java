package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The turns of a conversation record (transformers' messages, ShareGPT's conversations) and the
 * rules every chat template we render relies on: a system message only first, then user and
 * assistant taking turns starting with the user, as LLaMA-Factory and the strict templates
 * (Llama 2, Mistral) require, and at least one assistant turn to learn from. A trailing user turn
 * is allowed (it is not trained on), as TRL allows it.
 */
final class ChatTurns {

    static final Map<String, String> CHAT_ROLES =
            Map.of("system", "system", "user", "user", "assistant", "assistant");
    // ShareGPT exports write human/gpt; later tools wrote user/assistant in the same field.
    static final Map<String, String> SHAREGPT_ROLES = Map.of("system", "system",
            "human", "user", "user", "user", "gpt", "assistant", "assistant", "assistant");

    private ChatTurns() {}

    /** The list under {@code f.list()} as messages with canonical roles; checks the order. */
    static List<ChatMessage> read(JsonNode record, TurnFields f, Map<String, String> roles) {
        JsonNode list = JsonFields.required(record, f.list(), "");
        if (!list.isArray()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                    "'" + f.list() + "' should be a list, not " + JsonFields.typeName(list));
        }
        if (list.isEmpty()) {
            throw new DataFormat.Rejected(DataProblem.EMPTY_FIELD, "'" + f.list() + "' is empty");
        }
        List<ChatMessage> messages = new ArrayList<>();
        // LLaMA-Factory's ShareGPT layout may keep the system prompt beside the turns.
        String system = JsonFields.optionalText(record, "system", "");
        if (!system.isBlank()) {
            messages.add(ChatMessage.system(system));
        }
        for (int i = 0; i < list.size(); i++) {
            messages.addAll(turn(list.get(i), i, f, roles));
        }
        check(messages);
        return messages;
    }

    /** One turn; none for an empty system prompt, which exports write to mean "none". */
    private static List<ChatMessage> turn(JsonNode turn, int i, TurnFields f, Map<String, String> roles) {
        String where = "message " + (i + 1) + ": ";
        if (!turn.isObject()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                    where + "should be a JSON object, not " + JsonFields.typeName(turn));
        }
        String given = JsonFields.asText(JsonFields.required(turn, f.role(), where), f.role(), where);
        String role = roles.get(given.trim().toLowerCase(Locale.ROOT));
        if (role == null) {
            String known = String.join(", ", roles.keySet().stream().sorted().toList());
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                    where + "unknown role '" + given + "' (expected " + known + ")");
        }
        String content = JsonFields.asText(JsonFields.required(turn, f.content(), where), f.content(), where);
        if (content.isBlank()) {
            if (role.equals("system")) {
                return List.of();
            }
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                    "message " + (i + 1) + " (" + given.trim() + ") is empty");
        }
        return List.of(new ChatMessage(role, content));
    }

    /** Throws bad-turns unless the roles are in an order a chat template can render and train. */
    static void check(List<ChatMessage> messages) {
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).role().equals("system")) {
                throw bad("message " + (i + 1) + ": a system message may only come first");
            }
        }
        if (messages.stream().noneMatch(ChatMessage::isAssistant)) {
            throw bad("no assistant message to learn from");
        }
        int start = messages.get(0).role().equals("system") ? 1 : 0;
        for (int i = start; i < messages.size(); i++) {
            String role = messages.get(i).role();
            String expected = (i - start) % 2 == 0 ? "user" : "assistant";
            if (!role.equals(expected)) {
                throw bad(i == start
                        ? "message " + (i + 1) + " (" + role + "): a conversation starts with the user"
                        : "message " + (i + 1) + " (" + role + ") follows another " + role
                                + " message: user and assistant should take turns");
            }
        }
    }

    /** The turns as a list in {@code f}'s field names and role spelling. */
    static ArrayNode write(List<ChatMessage> messages, TurnFields f) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (ChatMessage m : messages) {
            String role = switch (m.role()) {
                case "user" -> f.userRole();
                case "assistant" -> f.assistantRole();
                case "system" -> "system";
                default -> throw new DataFormat.NotRepresentable("a '" + m.role()
                        + "' message has no place in a " + f.list() + " list");
            };
            list.addObject().put(f.role(), role).put(f.content(), m.content());
        }
        return list;
    }

    private static DataFormat.Rejected bad(String message) {
        return new DataFormat.Rejected(DataProblem.BAD_TURNS, message);
    }
}
