package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real checkpoints' chat templates rendered against the strings Python's jinja2 gives with
 * transformers' settings (trim_blocks, lstrip_blocks), and the built-in ChatML and Alpaca.
 */
class ChatTemplateTest {

    private static final List<ChatMessage> PIRATE = List.of(
            ChatMessage.system("You are a pirate."),
            ChatMessage.user("Hello"),
            ChatMessage.assistant("Arr, hi!"),
            ChatMessage.user("Who are you?"));

    private static ChatTemplate fromDir(String name) throws IOException {
        return ChatTemplate.fromConfig(TokenizerConfig.load(Fixtures.dir(name))).orElseThrow();
    }

    @Test
    void qwen25RendersChatmlWithGenerationPrompt() throws IOException {
        assertEquals("<|im_start|>system\nYou are a pirate.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n"
                + "<|im_start|>assistant\nArr, hi!<|im_end|>\n"
                + "<|im_start|>user\nWho are you?<|im_end|>\n"
                + "<|im_start|>assistant\n",
                fromDir("qwen2_5-instruct").render(PIRATE, true));
    }

    @Test
    void qwen25InsertsItsDefaultSystemMessage() throws IOException {
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                + " assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n"
                + "<|im_start|>assistant\nArr, hi!<|im_end|>\n"
                + "<|im_start|>user\nWho are you?<|im_end|>\n",
                fromDir("qwen2_5-instruct").render(PIRATE.subList(1, 4), false));
    }

    @Test
    void qwen2InsertsItsOwnDefaultSystemMessage() throws IOException {
        ChatTemplate qwen2 = fromDir("qwen2-instruct");
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
                qwen2.render(PIRATE.subList(1, 2), true));
        assertEquals(fromDir("qwen2_5-instruct").render(PIRATE, true), qwen2.render(PIRATE, true));
    }

    @Test
    void qwen25RendersToolsWithPythonStyleJson() throws IOException {
        Map<String, Object> properties = linked("city", Map.of("type", "string"),
                "days", linked("type", "integer", "maximum", 7.5));
        Map<String, Object> tool = linked("type", "function", "function", linked(
                "name", "get_weather",
                "description", "Wetter für <city> & \"units\"",
                "parameters", linked("type", "object", "properties", properties,
                        "required", List.of("city"))));
        String text = fromDir("qwen2_5-instruct").render(
                List.of(ChatMessage.user("Weather in Köln?")), true, Map.of("tools", List.of(tool)));
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                + " assistant.\n\n# Tools\n\nYou may call one or more functions to assist with the"
                + " user query.\n\nYou are provided with function signatures within <tools></tools>"
                + " XML tags:\n<tools>\n"
                + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\":"
                + " \"Wetter für <city> & \\\"units\\\"\", \"parameters\": {\"type\": \"object\","
                + " \"properties\": {\"city\": {\"type\": \"string\"}, \"days\": {\"type\":"
                + " \"integer\", \"maximum\": 7.5}}, \"required\": [\"city\"]}}}\n"
                + "</tools>\n\nFor each function call, return a json object with function name and"
                + " arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n"
                + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
                + "</tool_call><|im_end|>\n"
                + "<|im_start|>user\nWeather in Köln?<|im_end|>\n<|im_start|>assistant\n", text);
    }

    @Test
    void llama3TrimsContentAndPrependsBos() throws IOException {
        List<ChatMessage> chat = List.of(ChatMessage.system("  You are a pirate.\n"),
                ChatMessage.user("Hello "), ChatMessage.assistant("\nArr, hi!"));
        ChatTemplate llama3 = fromDir("llama3-instruct");
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "You are a pirate.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                + "Hello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
                + "Arr, hi!<|eot_id|>", llama3.render(chat, false));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "You are a pirate.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                + "Hello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                llama3.render(chat.subList(0, 2), true));
    }

    @Test
    void mistralWrapsUserTurnsInInst() throws IOException {
        List<ChatMessage> chat = List.of(ChatMessage.user("Hello"), ChatMessage.assistant("Hi"),
                ChatMessage.user("How are you?"));
        ChatTemplate mistral = fromDir("mistral-instruct-v0.1");
        assertEquals("<s>[INST] Hello [/INST]Hi</s>[INST] How are you? [/INST]",
                mistral.render(chat, true));
        assertEquals("<s>[INST] Hello [/INST]Hi</s>", mistral.render(chat.subList(0, 2), false));
    }

    @Test
    void mistralRaisesWhenRolesDoNotAlternate() throws IOException {
        ChatTemplate mistral = fromDir("mistral-instruct-v0.1");
        ChatTemplateException twoUsers = assertThrows(ChatTemplateException.class, () -> mistral
                .render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
        assertEquals("Conversation roles must alternate user/assistant/user/assistant/...",
                twoUsers.getMessage());
        ChatTemplateException system = assertThrows(ChatTemplateException.class,
                () -> mistral.render(PIRATE, false));
        assertTrue(system.getMessage().contains("roles must alternate"), system.getMessage());
    }

    @Test
    void builtInChatmlHasNoDefaultSystem() {
        assertEquals("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nArr, hi!<|im_end|>\n",
                ChatTemplate.chatml().render(PIRATE.subList(1, 3), false));
        assertEquals("<|im_start|>system\nYou are a pirate.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.named("chatml").render(PIRATE.subList(0, 2), true));
    }

    @Test
    void builtInAlpacaFollowsLlamaFactory() {
        ChatTemplate alpaca = ChatTemplate.alpaca().withTokens("<s>", "</s>");
        assertEquals("Below is an instruction that describes a task. Write a response that"
                + " appropriately completes the request.\n\n"
                + "### Instruction:\nHello\n\n### Response:\nArr, hi!</s>\n\n"
                + "### Instruction:\nWho are you?\n\n### Response:\n",
                alpaca.render(PIRATE.subList(1, 4), true));
        assertEquals("You are a pirate.\n\n### Instruction:\nHello\n\n### Response:\n",
                ChatTemplate.named("Alpaca").render(PIRATE.subList(0, 2), true));
        assertThrows(ChatTemplateException.class,
                () -> alpaca.render(List.of(new ChatMessage("tool", "x")), false));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.named("vicuna"));
    }

    @Test
    void baseModelWithoutTemplateGivesEmpty() {
        assertTrue(ChatTemplate.fromConfig(TokenizerConfig.EMPTY).isEmpty());
    }

    @Test
    void syntaxErrorsThrowInsteadOfRenderingHalfAPrompt() {
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("{% for m in messages %}{{ m.content }}").render(PIRATE, false));
        assertTrue(e.getMessage().startsWith("Chat template failed"), e.getMessage());
    }

    @Test
    void strftimeNowAndLoopControlsWork() {
        String year = String.valueOf(Year.now().getValue());
        assertEquals(year + "|12", ChatTemplate.of("{{ strftime_now('%Y') }}|"
                + "{% for i in [1, 2, 3] %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}")
                .render(List.of(), false));
    }

    @Test
    void dropsOneTrailingNewlineOfTheSourceLikeJinja2() {
        assertEquals("a", ChatTemplate.of("a\n").render(List.of(), false));
        assertEquals("a\n", ChatTemplate.of("a\n\n").render(List.of(), false));
    }

    @Test
    void assistantSpansCoverAssistantContentOnly() throws IOException {
        RenderedChat chat = fromDir("qwen2_5-instruct").renderWithAssistantSpans(PIRATE, false);
        assertEquals(fromDir("qwen2_5-instruct").render(PIRATE, false), chat.text());
        assertEquals(1, chat.assistantSpans().size());
        assertEquals("Arr, hi!", chat.assistantSpans().get(0).of(chat.text()));

        List<ChatMessage> padded = List.of(ChatMessage.user("Hi"), ChatMessage.assistant(" \nArr! \n"));
        RenderedChat trimmed = fromDir("llama3-instruct").renderWithAssistantSpans(padded, false);
        assertEquals("Arr!", trimmed.assistantSpans().get(0).of(trimmed.text()));
        assertTrue(trimmed.text().endsWith("<|end_header_id|>\n\nArr!<|eot_id|>"));
    }

    @Test
    void assistantSpansRefuseTemplatesThatRewriteContent() {
        ChatTemplate reversed = ChatTemplate.of("{% for m in messages %}{{ m.content | reverse }}{% endfor %}");
        assertThrows(ChatTemplateException.class, () -> reversed.renderWithAssistantSpans(
                List.of(ChatMessage.assistant("abc")), false));
    }

    /** An insertion-ordered map, as Python dicts are: tojson must keep the order. */
    private static Map<String, Object> linked(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }
}
