package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * The flat formats, field by field: Stanford Alpaca with LLaMA-Factory's {@code system} and
 * {@code history} (earlier [user, assistant] pairs, so a multi-turn chat fits), Databricks Dolly,
 * and plain text. Reading joins an input or context to the instruction after a blank line;
 * writing leaves them empty, so read(write(example)) is the example again.
 */
final class FlatRecords {

    private FlatRecords() {}

    static Example readAlpaca(JsonNode record, int line) {
        String instruction = JsonFields.requiredText(record, "instruction", "");
        String input = JsonFields.optionalText(record, "input", "");
        String output = JsonFields.requiredText(record, "output", "");
        String system = JsonFields.optionalText(record, "system", "");
        List<ChatMessage> messages = new ArrayList<>();
        if (!system.isBlank()) {
            messages.add(ChatMessage.system(system));
        }
        messages.addAll(history(record.get("history")));
        messages.add(ChatMessage.user(joined(instruction, input)));
        messages.add(ChatMessage.assistant(output));
        return new Example(messages, null, JsonFields.category(record), line);
    }

    static Example readDolly(JsonNode record, int line) {
        String instruction = JsonFields.requiredText(record, "instruction", "");
        String context = JsonFields.optionalText(record, "context", "");
        String response = JsonFields.requiredText(record, "response", "");
        JsonFields.optionalText(record, "category", "");
        return new Example(List.of(ChatMessage.user(joined(instruction, context)),
                ChatMessage.assistant(response)), null, JsonFields.category(record), line);
    }

    static Example readText(JsonNode record, int line) {
        String text = JsonFields.requiredText(record, "text", "");
        return new Example(List.of(new ChatMessage(Conversation.TEXT_ROLE, text)), null,
                JsonFields.category(record), line);
    }

    /** The user turn of an instruction and its input (Alpaca) or context (Dolly). */
    private static String joined(String instruction, String input) {
        return input.isBlank() ? instruction : instruction + "\n\n" + input;
    }

    /** LLaMA-Factory's history: [[user, assistant], ...], the turns before the instruction. */
    private static List<ChatMessage> history(JsonNode history) {
        if (history == null || history.isNull()) {
            return List.of();
        }
        if (!history.isArray()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE, "'history' should be a list of"
                    + " [user, assistant] pairs, not " + JsonFields.typeName(history));
        }
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            JsonNode pair = history.get(i);
            String where = "'history' entry " + (i + 1);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                        where + " should be a pair of strings [user, assistant]");
            }
            if (pair.get(0).asText().isBlank() || pair.get(1).asText().isBlank()) {
                throw new DataFormat.Rejected(DataProblem.BAD_TURNS, where + " has an empty turn");
            }
            turns.add(ChatMessage.user(pair.get(0).asText()));
            turns.add(ChatMessage.assistant(pair.get(1).asText()));
        }
        return turns;
    }

    static ObjectNode writeAlpaca(Example e) {
        List<ChatMessage> turns = chat(e, "Alpaca");
        String system = turns.get(0).role().equals("system") ? turns.get(0).content() : null;
        List<ChatMessage> pairs = system == null ? turns : turns.subList(1, turns.size());
        ObjectNode o = JsonFields.object();
        o.put("instruction", pairs.get(pairs.size() - 2).content());
        o.put("input", "");
        o.put("output", pairs.get(pairs.size() - 1).content());
        if (system != null) {
            o.put("system", system);
        }
        if (pairs.size() > 2) {
            ArrayNode history = o.putArray("history");
            for (int i = 0; i < pairs.size() - 2; i += 2) {
                history.addArray().add(pairs.get(i).content()).add(pairs.get(i + 1).content());
            }
        }
        return withCategory(o, e);
    }

    static ObjectNode writeDolly(Example e) {
        List<ChatMessage> turns = chat(e, "Dolly");
        if (turns.get(0).role().equals("system")) {
            throw new DataFormat.NotRepresentable("Dolly has no place for a system message");
        }
        if (turns.size() != 2) {
            throw new DataFormat.NotRepresentable("Dolly holds one instruction and one response;"
                    + " this conversation has " + turns.size() + " messages");
        }
        ObjectNode o = JsonFields.object();
        o.put("instruction", turns.get(0).content());
        o.put("context", "");
        o.put("response", turns.get(1).content());
        o.put("category", e.category() == null ? "" : e.category());
        return o;
    }

    static ObjectNode writeText(Example e) {
        if (!e.conversation().isPlainText() || e.isPreference()) {
            throw new DataFormat.NotRepresentable("a conversation is not plain text; rendering it"
                    + " as text needs a model's chat template");
        }
        return withCategory(JsonFields.object().put("text", e.messages().get(0).content()), e);
    }

    static ObjectNode withCategory(ObjectNode o, Example e) {
        if (e.category() != null && !o.has("category")) {
            o.put("category", e.category());
        }
        return o;
    }

    /** An SFT conversation in trainable order, or a sentence why a format cannot hold it. */
    static List<ChatMessage> chat(Example e, String formatName) {
        if (e.isPreference()) {
            throw new DataFormat.NotRepresentable(formatName + " has no place for a rejected reply;"
                    + " convert the pair's chosen side");
        }
        if (e.conversation().isPlainText()) {
            throw new DataFormat.NotRepresentable("plain text has no instruction and reply to put in "
                    + formatName);
        }
        try {
            ChatTurns.check(e.messages());
        } catch (DataFormat.Rejected r) {
            throw new DataFormat.NotRepresentable(formatName + " cannot hold these turns: " + r.getMessage());
        }
        return e.messages();
    }
}
