package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.tokenizer.ChatMessage;

class DatasetValidatorTest {

    private static Example ex(int line, String category, ChatMessage... turns) {
        return new Example(List.of(turns), null, category, line);
    }

    private static ValidationReport validate(List<Example> examples, ValidationOptions options) {
        return DatasetValidator.validate(new ExampleSet(DataFormat.MESSAGES, examples, List.of(),
                examples.size(), ""), options);
    }

    private static ChatMessage u(String s) {
        return ChatMessage.user(s);
    }

    private static ChatMessage a(String s) {
        return ChatMessage.assistant(s);
    }

    @Test
    void turnOrderAllowsALeadingSystemAndToolResultsButNothingElseOutOfPlace() {
        List<Example> examples = List.of(
                ex(1, null, ChatMessage.system("Be brief."), u("Hi"), a("Hello")),
                ex(2, null, u("Weather?"), a("Calling."), new ChatMessage("tool", "sunny"), a("Sunny.")),
                ex(3, null, a("Hello"), u("Hi"), a("Bye")),
                ex(4, null, u("Hi"), a("Hello"), a("Again")),
                ex(5, null, u("Hi"), a("   ")),
                ex(6, null, u("Hi"), a("Hello"), u("And?")),
                ex(7, null, new ChatMessage(Conversation.TEXT_ROLE, "Once upon a time.")),
                new Example(List.of(u("Which?"), a("This one.")), "  ", null, 8));

        List<String> found = validate(examples, ValidationOptions.defaults()).problems().stream()
                .map(p -> p.line() + ": " + p.message()).toList();

        assertEquals(List.of(
                "3: message 1 (assistant) comes first; the user should speak first",
                "4: message 3 (assistant) follows another assistant message",
                "5: message 2 (assistant) is empty",
                "6: it ends with a user turn: nothing follows for the model to learn",
                "8: the rejected reply is empty"), found);
    }

    @Test
    void duplicatesIgnoreCaseAndSpacingAndAreNotAlsoNearDuplicates() {
        List<Example> examples = List.of(
                ex(1, null, u("What is the capital of Japan?"), a("Tokyo is the capital of Japan.")),
                ex(2, null, u("what is  the capital of JAPAN?"), a("Tokyo is the capital of Japan. ")),
                ex(3, null, u("What is the capital of Japan?"), a("Tokyo was the capital of Japan.")),
                ex(4, null, u("What is the capital of Peru?"), a("Lima is the capital of Peru.")));

        ValidationReport report = validate(examples, ValidationOptions.defaults());

        assertEquals(List.of(new DataProblem(2, DataProblem.DUPLICATE,
                "the same as line 1 (ignoring case and spacing)", 1)), report.ofKind(DataProblem.DUPLICATE));
        assertEquals(List.of(3), report.ofKind(DataProblem.NEAR_DUPLICATE).stream().map(DataProblem::line).toList());
        assertEquals(1, report.ofKind(DataProblem.NEAR_DUPLICATE).get(0).relatedLine());
        assertEquals(0, validate(examples, ValidationOptions.defaults().withNearThreshold(0.95))
                .ofKind(DataProblem.NEAR_DUPLICATE).size(), "the threshold is configurable");
        assertEquals(0, validate(examples, ValidationOptions.defaults().withNearDuplicates(false))
                .ofKind(DataProblem.NEAR_DUPLICATE).size());
    }

    @Test
    void imbalanceFlagsTinyCategoriesAndADominantOne() {
        List<Example> examples = new ArrayList<>();
        int line = 1;
        for (String[] c : new String[][] {{"big", "17"}, {"mid", "5"}, {"small", "1"}, {"other", "1"}}) {
            for (int i = 0; i < Integer.parseInt(c[1]); i++, line++) {
                examples.add(ex(line, c[0], u("Question " + line + " " + c[0] + " number " + (line * 7919)),
                        a("Answer " + (line * 104729))));
            }
        }
        List<DataProblem> found = validate(examples, ValidationOptions.defaults()).ofKind(DataProblem.IMBALANCE);

        assertEquals(List.of(1, 23, 24), found.stream().map(DataProblem::line).toList());
        assertEquals("category 'big' has 17 of 24 examples (70.8%), over 50% of all: the other 3 "
                + "categories are drowned out", found.get(0).message());
        assertTrue(found.get(1).message().startsWith("category 'small' has 1 of 24 examples (4.2%), far below"));
        assertEquals(List.of(1), validate(examples, ValidationOptions.defaults().withImbalance(0.1, 0.5))
                .ofKind(DataProblem.IMBALANCE).stream().map(DataProblem::line).toList());
    }

    @Test
    void tooLongCountsTheLongerSideOfAPairAgainstTheGivenOrModelLength() {
        TokenCounter words = new TokenCounter() {
            @Override
            public int count(Example e) {
                int prompt = e.prompt().stream().mapToInt(m -> DatasetStats.words(m.content())).sum();
                int chosen = DatasetStats.words(e.chosen());
                return prompt + (e.isPreference() ? Math.max(chosen, DatasetStats.words(e.rejected())) : chosen);
            }

            @Override
            public int countText(String text) {
                return DatasetStats.words(text);
            }

            @Override
            public int contextLength() {
                return 6;
            }

            @Override
            public String describe() {
                return "words";
            }
        };
        List<Example> examples = List.of(
                new Example(List.of(u("one two"), a("three")), "four five six seven eight", null, 1),
                ex(2, null, u("one two"), a("three four")));
        ValidationOptions options = ValidationOptions.defaults().withTokens(words);

        List<DataProblem> found = validate(examples, options).ofKind(DataProblem.TOO_LONG);
        assertEquals(List.of(1), found.stream().map(DataProblem::line).toList());
        assertEquals("7 words, over the max length of 6: training cuts the rest", found.get(0).message());
        assertEquals(2, validate(examples, options.withMaxLength(3)).ofKind(DataProblem.TOO_LONG).size());
    }
}
