package tunebench.engine.model.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What we read from a checkpoint's {@code tokenizer_config.json} (plus {@code chat_template.jinja}):
 * special tokens, whether to add BOS/EOS, the chat template and {@code model_max_length}.
 * Read with Jackson ourselves because DJL's reader fails on the common {@code 1e30} max length.
 *
 * @param bosToken        BOS token text, or null when the model has none (Qwen)
 * @param addBosToken     {@code add_bos_token}, or null when the file does not say
 * @param chatTemplate    the template {@code apply_chat_template} uses by default, or null
 * @param chatTemplates   every named template, "default" included (empty for a plain string)
 * @param modelMaxLength  {@code model_max_length}, or null; transformers writes 1e30 for "no limit"
 */
public record TokenizerConfig(
        String bosToken,
        String eosToken,
        String padToken,
        String unkToken,
        Boolean addBosToken,
        Boolean addEosToken,
        String chatTemplate,
        Map<String, String> chatTemplates,
        Double modelMaxLength) {

    public static final String FILE_NAME = "tokenizer_config.json";
    public static final String TEMPLATE_FILE_NAME = "chat_template.jinja";
    static final String ADDITIONAL_TEMPLATES_DIR = "additional_chat_templates";

    /** A model folder without a tokenizer_config.json. */
    public static final TokenizerConfig EMPTY =
            new TokenizerConfig(null, null, null, null, null, null, null, Map.of(), null);

    private static final ObjectMapper JSON = new ObjectMapper();

    public TokenizerConfig {
        chatTemplates = Map.copyOf(chatTemplates == null ? Map.of() : chatTemplates);
    }

    /**
     * Reads {@code tokenizer_config.json} from a model folder, then lets {@code chat_template.jinja}
     * and {@code additional_chat_templates/*.jinja} override it, in transformers' loading order.
     * A missing json gives {@link #EMPTY} (still with any .jinja template).
     */
    public static TokenizerConfig load(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE_NAME);
        TokenizerConfig config = Files.isRegularFile(file) ? parse(readJson(file)) : EMPTY;
        return config.withTemplateFiles(modelDir);
    }

    /** Parses the json object of a tokenizer_config.json. */
    static TokenizerConfig parse(JsonNode root) {
        Map<String, String> named = new LinkedHashMap<>();
        String template = null;
        JsonNode tpl = root.path("chat_template");
        if (tpl.isTextual()) {
            template = tpl.asText();
        } else if (tpl.isArray()) {
            // The list form: [{"name": "default", "template": ...}, {"name": "tool_use", ...}].
            for (JsonNode entry : tpl) {
                named.put(entry.path("name").asText(), entry.path("template").asText());
            }
            template = named.get("default");
        }
        JsonNode maxLen = root.path("model_max_length");
        return new TokenizerConfig(
                tokenText(root.get("bos_token")),
                tokenText(root.get("eos_token")),
                tokenText(root.get("pad_token")),
                tokenText(root.get("unk_token")),
                bool(root.get("add_bos_token")),
                bool(root.get("add_eos_token")),
                template,
                named,
                maxLen.isNumber() ? maxLen.asDouble() : null);
    }

    /**
     * {@code model_max_length} as a usable limit, or empty when absent or the "no limit"
     * sentinel (transformers' VERY_LARGE_INTEGER, 1e30).
     */
    public OptionalInt maxLength() {
        if (modelMaxLength == null || modelMaxLength <= 0 || modelMaxLength >= Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(modelMaxLength.intValue());
    }

    /** A copy with another default chat template (as {@code tokenizer.chat_template = ...}). */
    public TokenizerConfig withChatTemplate(String template) {
        Map<String, String> named = new LinkedHashMap<>(chatTemplates);
        if (!named.isEmpty()) {
            named.put("default", template);
        }
        return new TokenizerConfig(bosToken, eosToken, padToken, unkToken, addBosToken,
                addEosToken, template, named, modelMaxLength);
    }

    private TokenizerConfig withTemplateFiles(Path modelDir) throws IOException {
        TokenizerConfig config = this;
        Path main = modelDir.resolve(TEMPLATE_FILE_NAME);
        if (Files.isRegularFile(main)) {
            config = config.withChatTemplate(Files.readString(main));
        }
        Path extra = modelDir.resolve(ADDITIONAL_TEMPLATES_DIR);
        if (Files.isDirectory(extra)) {
            Map<String, String> named = new LinkedHashMap<>(config.chatTemplates);
            if (named.isEmpty() && config.chatTemplate != null) {
                named.put("default", config.chatTemplate);
            }
            try (Stream<Path> files = Files.list(extra)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jinja")).sorted().toList()) {
                    String name = f.getFileName().toString().replaceFirst("\\.jinja$", "");
                    named.put(name, Files.readString(f));
                }
            }
            config = new TokenizerConfig(config.bosToken, config.eosToken, config.padToken,
                    config.unkToken, config.addBosToken, config.addEosToken, config.chatTemplate,
                    named, config.modelMaxLength);
        }
        return config;
    }

    private static JsonNode readJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException("Cannot parse " + file + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("Cannot parse " + file + ": expected a json object");
        }
        return root;
    }

    /** A special token is a plain string, an AddedToken object {"content": ...}, or null. */
    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            JsonNode content = node.get("content");
            return content == null || content.isNull() ? null : content.asText();
        }
        return node.asText();
    }

    private static Boolean bool(JsonNode node) {
        return node == null || node.isNull() ? null : node.asBoolean();
    }
}
