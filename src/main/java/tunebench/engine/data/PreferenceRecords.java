package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The preference layouts TRL's DPOTrainer reads, as one {@link Example} each (the prompt turns,
 * the chosen reply last, the rejected reply beside them):
 * <ul>
 *   <li>plain text: {@code {"prompt": "...", "chosen": "...", "rejected": "..."}};</li>
 *   <li>explicit prompt: {@code prompt} (or {@code messages}) a list of turns, {@code chosen} and
 *       {@code rejected} a string or a list with one assistant turn;</li>
 *   <li>implicit prompt (Anthropic HH style): {@code chosen} and {@code rejected} whole
 *       conversations, equal but for the last assistant turn (TRL's {@code extract_prompt}).</li>
 * </ul>
 * DPO training reads its pairs through here too, so the data screen and a run agree.
 */
final class PreferenceRecords {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private PreferenceRecords() {}

    static Example read(JsonNode record, int line) {
        String promptField = record.has("prompt") ? "prompt" : record.has("messages") ? "messages" : null;
        JsonNode chosen = JsonFields.required(record, "chosen", "");
        JsonNode rejected = JsonFields.required(record, "rejected", "");
        String category = JsonFields.category(record);
        if (promptField == null) {
            return implicitPrompt(chosen, rejected, line, category);
        }
        JsonNode prompt = record.get(promptField);
        List<ChatMessage> turns;
        if (prompt.isTextual()) {
            turns = List.of(ChatMessage.user(text(prompt, "'" + promptField + "'")));
        } else if (prompt.isArray()) {
            turns = messages(prompt, promptField);
        } else {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE, "'" + promptField
                    + "' should be a string or a list of messages, not " + JsonFields.typeName(prompt));
        }
        checkPrompt(turns, promptField);
        return pair(turns, reply(chosen, "chosen"), reply(rejected, "rejected"), line, category);
    }

    /**
     * TRL's layouts back: a single user prompt as plain text, a longer one as lists of messages
     * with each reply a one-message list (the explicit-prompt conversational layout).
     */
    static ObjectNode write(Example e) {
        if (!e.isPreference()) {
            throw new DataFormat.NotRepresentable("a preference pair needs a rejected reply,"
                    + " and this example has none");
        }
        List<ChatMessage> prompt = e.prompt();
        ObjectNode o = JsonFields.object();
        if (prompt.size() == 1 && prompt.get(0).role().equals("user")) {
            o.put("prompt", prompt.get(0).content()).put("chosen", e.chosen()).put("rejected", e.rejected());
        } else {
            o.set("prompt", ChatTurns.write(prompt, TurnFields.of(DataFormat.MESSAGES).orElseThrow()));
            o.set("chosen", reply(e.chosen()));
            o.set("rejected", reply(e.rejected()));
        }
        return FlatRecords.withCategory(o, e);
    }

    private static ArrayNode reply(String text) {
        ArrayNode list = JsonFields.object().arrayNode();
        list.addObject().put("role", "assistant").put("content", text);
        return list;
    }

    private static Example pair(List<ChatMessage> prompt, String chosen, String rejected, int line,
            String category) {
        List<ChatMessage> messages = new ArrayList<>(prompt);
        messages.add(ChatMessage.assistant(chosen));
        return new Example(messages, rejected, category, line);
    }

    /** Both sides carry the whole conversation; the shared part is the prompt. */
    private static Example implicitPrompt(JsonNode chosen, JsonNode rejected, int line, String category) {
        if (!chosen.isArray() || !rejected.isArray()) {
            throw new DataFormat.Rejected(DataProblem.MISSING_FIELD, "missing field 'prompt' (without it,"
                    + " 'chosen' and 'rejected' must be whole conversations as lists of messages)");
        }
        List<ChatMessage> c = messages(chosen, "chosen");
        List<ChatMessage> r = messages(rejected, "rejected");
        ChatMessage lastChosen = lastAssistant(c, "chosen");
        ChatMessage lastRejected = lastAssistant(r, "rejected");
        List<ChatMessage> prompt = c.subList(0, c.size() - 1);
        if (!prompt.equals(r.subList(0, r.size() - 1))) {
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS, "'chosen' and 'rejected' should differ only"
                    + " in their last assistant message; their earlier messages differ");
        }
        checkPrompt(prompt, "chosen");
        return pair(prompt, lastChosen.content(), lastRejected.content(), line, category);
    }

    private static ChatMessage lastAssistant(List<ChatMessage> turns, String field) {
        ChatMessage last = turns.get(turns.size() - 1);
        if (!last.isAssistant()) {
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                    "the last message of '" + field + "' should be the assistant's reply");
        }
        return last;
    }

    /** The prompt must hand the turn to the assistant; a system message may only come first. */
    private static void checkPrompt(List<ChatMessage> turns, String field) {
        if (turns.isEmpty() || !"user".equals(turns.get(turns.size() - 1).role())) {
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                    "the prompt in '" + field + "' should end with a user message");
        }
        for (int i = 1; i < turns.size(); i++) {
            if ("system".equals(turns.get(i).role())) {
                throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
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
                throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                        "'" + field + "' should hold one assistant message when the prompt is given");
            }
            return turns.get(0).content();
        }
        throw new DataFormat.Rejected(DataProblem.WRONG_TYPE, "'" + field
                + "' should be a string or a list of messages, not " + JsonFields.typeName(value));
    }

    private static List<ChatMessage> messages(JsonNode list, String field) {
        if (list.isEmpty()) {
            throw new DataFormat.Rejected(DataProblem.EMPTY_FIELD, "'" + field + "' is empty");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode turn = list.get(i);
            String where = "message " + (i + 1) + " of '" + field + "'";
            if (!turn.isObject()) {
                throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                        where + " should be a JSON object, not " + JsonFields.typeName(turn));
            }
            String role = JsonFields.asText(JsonFields.required(turn, "role", where + ": "), "role", where + ": ")
                    .trim().toLowerCase(Locale.ROOT);
            if (!ROLES.contains(role)) {
                throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                        where + ": unknown role '" + role + "' (expected system, user or assistant)");
            }
            String content = JsonFields.asText(JsonFields.required(turn, "content", where + ": "),
                    "content", where + ": ");
            if (content.isBlank()) {
                throw new DataFormat.Rejected(DataProblem.BAD_TURNS, where + " (" + role + ") is empty");
            }
            out.add(new ChatMessage(role, content));
        }
        return out;
    }

    private static String text(JsonNode value, String what) {
        if (!value.isTextual()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                    what + " should be a string, not " + JsonFields.typeName(value));
        }
        if (value.asText().isBlank()) {
            throw new DataFormat.Rejected(DataProblem.EMPTY_FIELD, what + " is empty");
        }
        return value.asText();
    }
}
