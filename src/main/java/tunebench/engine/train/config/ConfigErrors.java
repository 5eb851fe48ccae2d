package tunebench.engine.train.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns Jackson's binding errors into sentences that name the dotted key at fault, and points
 * users of Python trainers from the names they know (learning_rate) to ours (optim.lr).
 */
final class ConfigErrors {

    /** transformers / PEFT / Axolotl / LLaMA-Factory names, by last segment, to ours. */
    private static final Map<String, String> PYTHON_NAMES = Map.ofEntries(
            Map.entry("learning_rate", "optim.lr"),
            Map.entry("adam_beta1", "optim.beta1"),
            Map.entry("adam_beta2", "optim.beta2"),
            Map.entry("adam_epsilon", "optim.eps"),
            Map.entry("num_train_epochs", "schedule.epochs"),
            Map.entry("num_epochs", "schedule.epochs"),
            Map.entry("per_device_train_batch_size", "schedule.batch_size"),
            Map.entry("micro_batch_size", "schedule.batch_size"),
            Map.entry("gradient_accumulation_steps", "schedule.gradient_accumulation"),
            Map.entry("lr_scheduler_type", "schedule.type"),
            Map.entry("logging_steps", "schedule.log_every"),
            Map.entry("eval_steps", "eval.every_steps"),
            Map.entry("save_steps", "checkpoint.every_steps"),
            Map.entry("save_total_limit", "checkpoint.keep_last"),
            Map.entry("lora_r", "method.r"),
            Map.entry("lora_alpha", "method.alpha"),
            Map.entry("lora_dropout", "method.dropout"),
            Map.entry("lora_target_modules", "method.target_modules"),
            Map.entry("model_name_or_path", "model.path"),
            Map.entry("base_model", "model.path"),
            Map.entry("max_seq_length", "data.max_length"),
            Map.entry("cutoff_len", "data.max_length"),
            Map.entry("sequence_len", "data.max_length"));

    private ConfigErrors() {}

    static RunConfigException explain(JsonMappingException e, JsonNode tree) {
        String key = keyOf(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownKey(key, knownInOrder(tree, e.getPath(), u.getKnownPropertyIds()));
        }
        if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (key.isEmpty()) {
                return new RunConfigException(null, cause.getMessage(), e);
            }
            return new RunConfigException(key, "'" + key + "': " + cause.getMessage(), e);
        }
        String found = describe(at(tree, e.getPath()));
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new RunConfigException(key,
                    "'" + key + "' must be " + expected(m.getTargetType()) + ", got " + found, e);
        }
        // Numbers out of an int's range and the like: Jackson's own words, with our key.
        return new RunConfigException(key, "'" + key + "' cannot be " + found + ": "
                + e.getOriginalMessage(), e);
    }

    /** Fails unless each segment of {@code key} names an entry of the resolved tree. */
    static void checkKeyExists(JsonNode tree, String key, String[] parts)
            throws RunConfigException {
        JsonNode node = tree;
        String at = "";
        for (String part : parts) {
            String next = at.isEmpty() ? part : at + "." + part;
            if (!node.isObject()) {
                throw new RunConfigException(key, "unknown key '" + key + "': '" + at
                        + "' is a value, not a section");
            }
            if (!node.has(part)) {
                List<String> known = new ArrayList<>();
                node.fieldNames().forEachRemaining(known::add);
                throw unknownKey(next, known);
            }
            node = node.get(part);
            at = next;
        }
    }

    static RunConfigException unknownKey(String key, Collection<String> known) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        String ours = PYTHON_NAMES.get(last);
        String hint = ours == null || ours.equals(key) ? "" : ": Tunebench calls it '" + ours + "'";
        return new RunConfigException(key, "unknown key '" + key + "'" + hint
                + " (known: " + String.join(", ", known) + ")");
    }

    /**
     * Jackson's known names come unordered; the merged tree holds them in declaration order
     * (the defaults went in first), next to the unknown key itself.
     */
    private static List<String> knownInOrder(JsonNode tree,
            List<JsonMappingException.Reference> path, Collection<Object> knownIds) {
        JsonNode parent = at(tree, path.subList(0, path.size() - 1));
        boolean isMethod = keyOf(path.subList(0, path.size() - 1)).equals("method");
        List<String> known = new ArrayList<>();
        parent.fieldNames().forEachRemaining(name -> {
            if (knownIds.contains(name) || (isMethod && name.equals("type"))) {
                known.add(name);
            }
        });
        return known;
    }

    private static String keyOf(List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : path) {
            node = ref.getFieldName() != null
                    ? node.path(ref.getFieldName()) : node.path(ref.getIndex());
        }
        return node;
    }

    private static String describe(JsonNode node) {
        return node.isMissingNode() ? "nothing" : node.toString();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class
                || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type == Method.class ? "an object with a \"type\"" : "an object";
    }
}
