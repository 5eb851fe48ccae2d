package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsTest {

    @Test
    void aLineOfThreeDashesSeparatesPromptsThatMaySpanLines() {
        assertEquals(List.of("What is 7 plus 5?", "Write a poem\nabout snow."),
                Prompts.split("What is 7 plus 5?\n  ---  \nWrite a poem\nabout snow.\n"));
    }

    @Test
    void blankPromptsAreDroppedAndDashesInsideALineStay() {
        assertEquals(List.of("a --- b"), Prompts.split("---\n\n---\na --- b\r\n---\n"));
        assertEquals(List.of(), Prompts.split("  \n"));
        assertEquals(List.of(), Prompts.split(null));
    }
}
