package tunebench.engine.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A chat "messages" JSONL file with a "category" on each record and the problems only a
 * conversation file can have (turns out of order, an empty turn, a trailing user turn), a
 * content that is not text, a duplicate under different case and spacing, and a category too
 * small to learn from, each at a known line.
 */
final class FlawedChatFile {

    private FlawedChatFile() {}

    /** Fixed content, like {@link FlawedFile}: documentation does not change with a seed. */
    static FlawedFile create() {
        List<String> lines = validRecords();
        World.Country second = World.COUNTRIES.get(4); // line 2's country
        List<FlawedFile.Flaw> flaws = new ArrayList<>();
        plantTurnFlaws(lines, flaws);
        plant(lines, flaws, 15, "wrong-type", "the assistant's content is a number, not text",
                line("arithmetic", turn("user", "What is 12 minus 5?"),
                        SynthJson.object("role", "assistant", "content", 7)));
        plant(lines, flaws, 18, "duplicate", "line 2 again with different case and spacing",
                record("geography", "what is the capital  of " + second.name().toUpperCase(Locale.ROOT)
                        + "?", " " + second.capital().toUpperCase(Locale.ROOT) + " is the capital of "
                        + second.name() + ".\n"));
        plant(lines, flaws, 21, "imbalance", "the only example of the category \"colors\" among "
                + "four categories", record("colors", "What color is a ripe banana?",
                        "A ripe banana is yellow."));
        return new FlawedFile(lines, flaws);
    }

    /** 27 valid records: 10 geography, 9 animals, 8 arithmetic, none of them alike. */
    private static List<String> validRecords() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            World.Country c = World.COUNTRIES.get(i * 4);
            lines.add(record("geography", "What is the capital of " + c.name() + "?",
                    c.capital() + " is the capital of " + c.name() + "."));
        }
        for (int i = 0; i < 9; i++) {
            World.Animal a = World.ANIMALS.get(i * 2);
            lines.add(i % 2 == 0
                    ? record("animals", "How many legs does " + Text.a(a.name()) + " have?",
                            Text.cap(Text.a(a.name())) + " has " + a.legs() + " legs.")
                    : record("animals", "What sound does " + Text.a(a.name()) + " make?",
                            "It says " + a.sound() + "."));
        }
        for (int i = 0; i < 8; i++) {
            int x = 3 + i * 7;
            int y = 11 + i * 5;
            lines.add(record("arithmetic", "What is " + x + " plus " + y + "?", String.valueOf(x + y)));
        }
        // The first record leads with a system turn, which is fine: the checks must not flag it.
        lines.set(0, line("geography", turn("system", "You are a concise geography tutor."),
                turn("user", "What is the capital of Germany?"),
                turn("assistant", "Berlin is the capital of Germany.")));
        return lines;
    }

    private static void plantTurnFlaws(List<String> lines, List<FlawedFile.Flaw> flaws) {
        plant(lines, flaws, 3, "bad-turns", "the assistant speaks first", line("animals",
                turn("assistant", "Hello! Ask me about animals."),
                turn("user", "How many legs does a spider have?"),
                turn("assistant", "A spider has eight legs.")));
        plant(lines, flaws, 6, "bad-turns", "two user turns in a row", line("geography",
                turn("user", "What is the capital of Kenya?"),
                turn("user", "Please answer in one sentence."),
                turn("assistant", "Nairobi is the capital of Kenya.")));
        plant(lines, flaws, 9, "bad-turns", "the assistant's turn is empty", line("arithmetic",
                turn("user", "What is 6 times 7?"), turn("assistant", "")));
        plant(lines, flaws, 12, "bad-turns", "it ends with a user turn that nothing answers",
                line("animals", turn("user", "What do cows eat?"),
                        turn("assistant", "Cows eat grass."),
                        turn("user", "And what do goats eat?")));
    }

    private static String record(String category, String question, String answer) {
        return line(category, turn("user", question), turn("assistant", answer));
    }

    @SafeVarargs
    private static String line(String category, Map<String, Object>... turns) {
        return SynthJson.line(SynthJson.object("messages", List.of(turns), "category", category));
    }

    private static Map<String, Object> turn(String role, Object content) {
        return SynthJson.object("role", role, "content", content);
    }

    private static void plant(List<String> lines, List<FlawedFile.Flaw> flaws, int number,
            String kind, String description, String line) {
        lines.add(number - 1, line);
        flaws.add(new FlawedFile.Flaw(number, kind, description));
    }
}
