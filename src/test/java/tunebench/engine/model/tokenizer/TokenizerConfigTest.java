package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tokenizer_config.json in the shapes real checkpoints write it, and chat_template.jinja. */
class TokenizerConfigTest {

    @TempDir
    Path dir;

    private TokenizerConfig write(String json) throws IOException {
        Files.writeString(dir.resolve(TokenizerConfig.FILE_NAME), json);
        return TokenizerConfig.load(dir);
    }

    @Test
    void readsLlama3With1e30MaxLength() throws IOException {
        TokenizerConfig c = TokenizerConfig.load(Fixtures.dir("llama3-instruct"));
        assertEquals("<|begin_of_text|>", c.bosToken());
        assertEquals("<|eot_id|>", c.eosToken());
        assertNull(c.padToken());
        assertEquals(1e30, c.modelMaxLength(), 1e15);
        assertEquals(OptionalInt.empty(), c.maxLength());
        assertTrue(c.chatTemplate().startsWith("{% set loop_messages = messages %}"));
        assertTrue(c.chatTemplates().isEmpty());
    }

    @Test
    void readsQwenNullBosAndFlags() throws IOException {
        TokenizerConfig c = TokenizerConfig.load(Fixtures.dir("qwen2_5-instruct"));
        assertNull(c.bosToken());
        assertEquals("<|endoftext|>", c.padToken());
        assertEquals(Boolean.FALSE, c.addBosToken());
        assertNull(c.addEosToken());
        assertEquals(OptionalInt.of(131072), c.maxLength());
    }

    @Test
    void readsAddedTokenObjects() throws IOException {
        TokenizerConfig c = write("""
                {"add_bos_token": true, "add_eos_token": false,
                 "bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false,
                               "normalized": true, "rstrip": false, "single_word": false},
                 "eos_token": {"__type": "AddedToken", "content": "</s>"},
                 "unk_token": {"content": "<unk>", "special": true},
                 "pad_token": null,
                 "model_max_length": 1e30}
                """);
        assertEquals("<s>", c.bosToken());
        assertEquals("</s>", c.eosToken());
        assertEquals("<unk>", c.unkToken());
        assertNull(c.padToken());
        assertEquals(Boolean.TRUE, c.addBosToken());
        assertEquals(Boolean.FALSE, c.addEosToken());
        assertEquals(1e30, c.modelMaxLength());
        assertNull(c.chatTemplate());
    }

    @Test
    void defaultWinsInTheListFormOfChatTemplate() throws IOException {
        TokenizerConfig c = write("""
                {"chat_template": [
                  {"name": "tool_use", "template": "TOOLS"},
                  {"name": "default", "template": "DEFAULT"},
                  {"name": "rag", "template": "RAG"}]}
                """);
        assertEquals("DEFAULT", c.chatTemplate());
        assertEquals(Map.of("default", "DEFAULT", "tool_use", "TOOLS", "rag", "RAG"), c.chatTemplates());
    }

    @Test
    void chatTemplateJinjaOverridesTheJsonField() throws IOException {
        Files.writeString(dir.resolve(TokenizerConfig.TEMPLATE_FILE_NAME), "FROM FILE\n");
        Files.createDirectory(dir.resolve("additional_chat_templates"));
        Files.writeString(dir.resolve("additional_chat_templates/tool_use.jinja"), "TOOLS");
        TokenizerConfig c = write("{\"chat_template\": \"FROM JSON\", \"eos_token\": \"</s>\"}");
        assertEquals("FROM FILE\n", c.chatTemplate());
        assertEquals("</s>", c.eosToken());
        assertEquals(Map.of("default", "FROM FILE\n", "tool_use", "TOOLS"), c.chatTemplates());
    }

    @Test
    void missingFileGivesEmptyConfig() throws IOException {
        assertEquals(TokenizerConfig.EMPTY, TokenizerConfig.load(dir));
        assertFalse(ChatTemplate.fromConfig(TokenizerConfig.load(dir)).isPresent());
    }

    @Test
    void malformedJsonNamesTheFile() {
        IOException e = assertThrows(IOException.class, () -> write("{\"bos_token\": \"<s>\",,}"));
        assertTrue(e.getMessage().contains(dir.resolve(TokenizerConfig.FILE_NAME).toString()),
                e.getMessage());
        IOException notObject = assertThrows(IOException.class, () -> write("[1, 2]"));
        assertTrue(notObject.getMessage().contains(TokenizerConfig.FILE_NAME), notObject.getMessage());
    }
}
