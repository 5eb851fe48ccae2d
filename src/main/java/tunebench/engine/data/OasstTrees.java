package tunebench.engine.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * OpenAssistant conversation trees (oasst1 / oasst2): the message export, one message per record
 * linked by message_id / parent_id, or the nested trees export ({"prompt": {..., "replies": [...]}}).
 * Every path from a root prompt to a leaf becomes one conversation; at each prompt only the
 * best-ranked assistant reply is kept (rank 0 is best, unranked after ranked, file order breaks
 * ties) while every follow-up prompt branches, as the usual oasst-to-SFT recipes do. Deleted
 * messages and their replies are skipped. See https://huggingface.co/datasets/OpenAssistant/oasst1.
 */
public final class OasstTrees {

    /** The keys of an export's message; the ones a record needs are message_id, role and text. */
    static final List<String> KEYS = List.of("message_id", "parent_id", "message_tree_id", "role",
            "text", "rank", "deleted", "lang", "user_id", "created_date", "review_count",
            "review_result", "synthetic", "model_name", "detoxify", "emojis", "labels", "tree_state");

    private OasstTrees() {}

    /** One record of the file and the line it starts on. */
    public record Line(JsonNode node, int line) {}

    /**
     * The conversations of the trees, the problems of their messages, and a note on what was
     * left out (deleted messages, lower-ranked replies, prompts nobody answered).
     */
    public record Result(List<Example> examples, List<DataProblem> problems, int messages, String note) {}

    private record Msg(String id, String parent, String role, String text, Integer rank, boolean deleted,
            String category, int line, int order) {}

    public static Result read(List<Line> records) {
        List<DataProblem> problems = new ArrayList<>();
        List<Msg> messages = new ArrayList<>();
        for (Line r : records) {
            try {
                if (r.node().path("prompt").isObject()) {
                    nested(r.node().get("prompt"), null, r.line(), "tree at line " + r.line(), messages);
                } else {
                    messages.add(message(r.node(), r.line(), messages.size()));
                }
            } catch (DataFormat.Rejected e) {
                problems.add(e.at(r.line()));
            }
        }
        return new Forest(messages, problems).paths();
    }

    /** Why one message of the export cannot be used, or empty; links are checked per file. */
    static Optional<DataProblem> check(JsonNode record, int line) {
        try {
            if (!record.path("prompt").isObject()) {
                message(record, line, 0);
            }
            return Optional.empty();
        } catch (DataFormat.Rejected e) {
            return Optional.of(e.at(line));
        }
    }

    private static Msg message(JsonNode node, int line, int order) {
        JsonFields.requireObject(node);
        String id = JsonFields.requiredText(node, "message_id", "");
        JsonNode parent = node.get("parent_id");
        if (parent != null && !parent.isNull() && !parent.isTextual()) {
            throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                    "'parent_id' should be a string or null, not " + JsonFields.typeName(parent));
        }
        // A table has no null: an empty parent_id is a root there.
        boolean root = parent == null || parent.isNull() || parent.asText().isBlank();
        return fields(node, id, root ? null : parent.asText(), line, order);
    }

    private static Msg fields(JsonNode node, String id, String parent, int line, int order) {
        String role = JsonFields.asText(JsonFields.required(node, "role", ""), "role", "");
        if (!role.equals("prompter") && !role.equals("assistant")) {
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS,
                    "message '" + id + "': unknown role '" + role + "' (expected prompter or assistant)");
        }
        String text = JsonFields.asText(JsonFields.required(node, "text", ""), "text", "");
        if (text.isBlank()) {
            throw new DataFormat.Rejected(DataProblem.BAD_TURNS, "message '" + id + "' (" + role + ") is empty");
        }
        return new Msg(id, parent, role, text, rank(node.get("rank")), flag(node.get("deleted")),
                JsonFields.category(node), line, order);
    }

    /** A rank as the export writes it, or as a table cell ("0", "" for none). */
    private static Integer rank(JsonNode rank) {
        if (rank == null || rank.isNull() || (rank.isTextual() && rank.asText().isBlank())) {
            return null;
        }
        if (rank.isIntegralNumber() || (rank.isTextual() && rank.asText().strip().matches("-?\\d{1,9}"))) {
            return Integer.parseInt(rank.asText().strip());
        }
        throw new DataFormat.Rejected(DataProblem.WRONG_TYPE,
                "'rank' should be a whole number or null, not " + JsonFields.typeName(rank));
    }

    private static boolean flag(JsonNode value) {
        return value != null && (value.asBoolean(false) || "true".equalsIgnoreCase(value.asText().strip()));
    }

    /** The nested export: each message holds its replies; ids are made up where missing. */
    private static void nested(JsonNode node, String parent, int line, String path, List<Msg> out) {
        JsonFields.requireObject(node);
        String id = node.path("message_id").isTextual() ? node.get("message_id").asText() : path;
        out.add(fields(node, id, parent, line, out.size()));
        JsonNode replies = node.path("replies");
        for (int i = 0; i < replies.size(); i++) {
            nested(replies.get(i), id, line, path + "/" + (i + 1), out);
        }
    }

    /** The messages linked into trees, and the paths read from them. */
    private static final class Forest {
        private final Map<String, Msg> byId = new HashMap<>();
        private final Map<String, List<Msg>> children = new HashMap<>();
        private final List<Msg> roots = new ArrayList<>();
        private final List<DataProblem> problems;
        private final int total;
        private int deleted;
        private int unanswered;
        private int dropped;

        Forest(List<Msg> messages, List<DataProblem> problems) {
            this.problems = problems;
            this.total = messages.size() + problems.size();
            for (Msg m : messages) {
                Msg first = byId.putIfAbsent(m.id(), m);
                if (first != null) {
                    problems.add(new DataProblem(m.line(), DataProblem.BAD_TURNS, "message_id '" + m.id()
                            + "' is used again (first at line " + first.line() + ")", first.line()));
                }
            }
            for (Msg m : messages) {
                if (byId.get(m.id()) == m) {
                    link(m);
                }
            }
        }

        private void link(Msg m) {
            if (m.parent() == null) {
                if (m.role().equals("prompter")) {
                    roots.add(m);
                } else {
                    problem(m, "message '" + m.id() + "' starts a tree but is the assistant's: a tree starts with a prompt");
                }
                return;
            }
            Msg parent = byId.get(m.parent());
            if (parent == null) {
                problem(m, "message '" + m.id() + "' replies to parent_id '" + m.parent() + "', which is not in the file");
            } else if (parent.role().equals(m.role())) {
                problem(m, "message '" + m.id() + "' (" + m.role() + ") replies to another " + m.role()
                        + " message ('" + parent.id() + "'): prompter and assistant should take turns");
            } else {
                children.computeIfAbsent(parent.id(), k -> new ArrayList<>()).add(m);
            }
        }

        private void problem(Msg m, String message) {
            problems.add(new DataProblem(m.line(), DataProblem.BAD_TURNS, message));
        }

        Result paths() {
            List<Example> examples = new ArrayList<>();
            for (Msg root : roots) {
                if (root.deleted()) {
                    deleted++;
                    continue;
                }
                for (List<Msg> path : paths(root)) {
                    List<ChatMessage> turns = path.stream().map(m -> m.role().equals("prompter")
                            ? ChatMessage.user(m.text()) : ChatMessage.assistant(m.text())).toList();
                    examples.add(new Example(turns, null, root.category(), path.get(path.size() - 1).line()));
                }
            }
            examples.sort(Comparator.comparingInt(Example::line));
            problems.sort(Comparator.comparingInt(DataProblem::line));
            return new Result(examples, problems, total, note(examples.size()));
        }

        /** Root-to-leaf paths under {@code m}, each ending with an assistant reply. */
        private List<List<Msg>> paths(Msg m) {
            List<Msg> replies = new ArrayList<>();
            for (Msg c : children.getOrDefault(m.id(), List.of())) {
                if (c.deleted()) {
                    deleted++;
                } else {
                    replies.add(c);
                }
            }
            List<List<Msg>> below = new ArrayList<>();
            if (m.role().equals("prompter")) {
                Optional<Msg> best = replies.stream().min(Comparator.comparing((Msg c) -> c.rank() == null)
                        .thenComparing(c -> c.rank() == null ? 0 : c.rank()).thenComparing(Msg::order));
                if (best.isEmpty()) {
                    unanswered++;
                    return List.of();
                }
                dropped += replies.size() - 1;
                below.addAll(paths(best.get()));
            } else {
                replies.forEach(r -> below.addAll(paths(r)));
                if (below.isEmpty()) {
                    below.add(List.of());
                }
            }
            List<List<Msg>> out = new ArrayList<>();
            for (List<Msg> tail : below) {
                List<Msg> path = new ArrayList<>(tail.size() + 1);
                path.add(m);
                path.addAll(tail);
                out.add(path);
            }
            return out;
        }

        private String note(int conversations) {
            List<String> parts = new ArrayList<>();
            parts.add(total + " messages in " + roots.size() + (roots.size() == 1 ? " tree" : " trees")
                    + " gave " + conversations + (conversations == 1 ? " conversation" : " conversations")
                    + " (one per path from a prompt to a last reply).");
            if (dropped > 0) {
                parts.add(dropped + " lower-ranked " + (dropped == 1 ? "reply was" : "replies were")
                        + " left out: each prompt keeps its best-ranked reply.");
            }
            if (deleted > 0) {
                parts.add(deleted + " deleted " + (deleted == 1 ? "message was" : "messages were")
                        + " skipped with their replies.");
            }
            if (unanswered > 0) {
                parts.add(unanswered + (unanswered == 1 ? " prompt has" : " prompts have") + " no reply.");
            }
            return String.join(" ", parts);
        }
    }

    /**
     * One example as a chain of messages with made-up ids (the same for the same position, so a
     * file converts the same way twice); a preference pair's rejected reply becomes a rank-1
     * sibling of the chosen one, which reading leaves out again.
     *
     * @param index the example's position in the file, to keep ids unique
     * @throws DataFormat.NotRepresentable for a system message, plain text, or turns out of order
     */
    public static List<ObjectNode> write(Example e, int index) {
        List<ChatMessage> turns = e.messages();
        if (turns.get(0).role().equals("system")) {
            throw new DataFormat.NotRepresentable("OpenAssistant trees have no place for a system message");
        }
        if (e.conversation().isPlainText()) {
            throw new DataFormat.NotRepresentable("plain text has no prompt and reply to put in a tree");
        }
        try {
            ChatTurns.check(turns);
        } catch (DataFormat.Rejected r) {
            throw new DataFormat.NotRepresentable("OpenAssistant cannot hold these turns: " + r.getMessage());
        }
        List<ObjectNode> out = new ArrayList<>();
        String tree = id(index, 0);
        String parent = null;
        for (int t = 0; t < turns.size(); t++) {
            ChatMessage m = turns.get(t);
            ObjectNode o = node(id(index, t), parent, tree, m.isAssistant() ? "assistant" : "prompter",
                    m.content(), m.isAssistant() ? 0 : null);
            if (t == 0 && e.category() != null) {
                o.put("category", e.category());
            }
            out.add(o);
            if (t == turns.size() - 1 && e.isPreference()) {
                out.add(node(id(index, t + 1), parent, tree, "assistant", e.rejected(), 1));
            }
            parent = id(index, t);
        }
        return out;
    }

    private static ObjectNode node(String id, String parent, String tree, String role, String text,
            Integer rank) {
        ObjectNode o = JsonFields.object();
        o.put("message_id", id);
        o.put("parent_id", parent);
        o.put("message_tree_id", tree);
        o.put("role", role);
        o.put("text", text);
        o.put("rank", rank);
        return o;
    }

    private static String id(int example, int turn) {
        return UUID.nameUUIDFromBytes(("tunebench/" + example + "/" + turn).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
