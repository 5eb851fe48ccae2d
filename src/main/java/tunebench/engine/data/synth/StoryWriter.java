package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.a;
import static tunebench.engine.data.synth.Text.at;
import static tunebench.engine.data.synth.Text.cap;
import static tunebench.engine.data.synth.Text.legs;
import static tunebench.engine.data.synth.Text.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Short stories: a named person with a job meets an animal somewhere, on some day, something
 * small happens, and it ends. The facts inside stay true to the World so stories reinforce them.
 */
final class StoryWriter {

    /** Everything one story is about, drawn once so every sentence agrees. */
    record Cast(World.Person person, World.Animal animal, World.Country country, World.Thing thing,
                int day, String time, int count, int more) {

        String name() {
            return person.name();
        }

        String he() {
            return person.pronoun();
        }
    }

    /** Story times, not all TIMES_OF_DAY: "One Monday noon" is not how stories begin. */
    private static final List<String> TIMES = List.of("morning", "afternoon", "evening", "night");

    static final List<Function<Cast, String>> OPENINGS = List.of(
            s -> "One " + TimeSentences.day(s.day()) + " " + s.time() + ", " + s.name() + " the "
                    + s.person().job() + " went for a walk.",
            s -> "Once upon a time, there was " + a(s.person().job()) + " named " + s.name() + ".",
            s -> s.name() + " was " + a(s.person().job()) + " who lived in " + s.country().capital()
                    + ", the capital of " + s.country().name() + ".",
            s -> "It was " + TimeSentences.day(s.day()) + " " + s.time() + ", and " + s.name()
                    + " the " + s.person().job() + " had finished work.",
            s -> "Every " + TimeSentences.day(s.day()) + ", " + s.name() + " the "
                    + s.person().job() + " takes a long walk.",
            s -> "In " + s.country().capital() + ", there lived " + a(s.person().job())
                    + " called " + s.name() + ".");

    static final List<Function<Cast, String>> SIGHTINGS = List.of(
            s -> cap(s.he()) + " saw " + a(s.animal().name()) + " " + at(s.animal().home()) + ".",
            s -> "On the way, " + s.name() + " met " + a(s.animal().name()) + ".",
            s -> "Near " + s.animal().home() + ", " + s.he() + " heard a " + s.animal().sound()
                    + ". It was " + a(s.animal().name()) + "!");

    static final List<Function<Cast, String>> MIDDLES = List.of(
            s -> "The " + s.animal().name() + " said " + s.animal().sound() + ".",
            s -> "It was " + s.animal().color() + ", and it had " + legs(s.animal().legs()) + ".",
            s -> s.name() + " gave the " + s.animal().name() + " some " + s.animal().food()
                    + ", because " + s.animal().plural() + " eat " + s.animal().food() + ".",
            s -> "Then " + s.he() + " counted the " + s.animal().plural() + ": there were "
                    + Numbers.word(s.count()) + ", and " + Numbers.word(s.more())
                    + " more came, so there were " + Numbers.word(s.count() + s.more()) + ".",
            s -> "Nearby, " + s.name() + " saw that the " + s.thing().name()
                    + (s.thing().plural() ? " were " : " was ") + s.thing().color() + ".",
            s -> "People there spoke " + s.country().language() + ", so " + s.name()
                    + " said hello in " + s.country().language() + ".",
            s -> "The " + s.animal().name() + " was hungry and looked for " + s.animal().food() + ".",
            s -> "Suddenly it began to rain, and the " + s.animal().name() + " ran back to "
                    + s.animal().home() + ".",
            s -> cap(s.he()) + " wanted to take a picture of the " + s.animal().name() + ".");

    static final List<Function<Cast, String>> ENDINGS = List.of(
            s -> "When night came, " + s.name() + " went home and slept well.",
            s -> s.name() + " smiled. It was a good day.",
            s -> "The next day was " + TimeSentences.day(s.day() + 1) + ", and " + s.name()
                    + " came back to see the " + s.animal().name() + ".",
            s -> "From that day on, " + s.name() + " and the " + s.animal().name() + " were friends.",
            s -> "The " + s.animal().name() + " said " + s.animal().sound() + " one last time, and "
                    + s.name() + " waved goodbye.",
            s -> "Back at work, " + s.name() + " told everyone about the " + s.animal().name() + ".");

    private StoryWriter() {}

    /** A story of three to eight sentences. */
    static String story(SplittableRandom random) {
        Cast cast = new Cast(pick(random, World.PEOPLE), pick(random, World.ANIMALS),
                pick(random, World.COUNTRIES), pick(random, World.THINGS), random.nextInt(7),
                pick(random, TIMES), 2 + random.nextInt(8), 2 + random.nextInt(8));
        List<String> sentences = new ArrayList<>();
        sentences.add(pick(random, OPENINGS).apply(cast));
        sentences.add(pick(random, SIGHTINGS).apply(cast));
        List<Function<Cast, String>> middles = new ArrayList<>(MIDDLES);
        int extra = random.nextInt(6);
        for (int i = 0; i < extra; i++) {
            // Without replacement, so no story repeats itself.
            sentences.add(middles.remove(random.nextInt(middles.size())).apply(cast));
        }
        sentences.add(pick(random, ENDINGS).apply(cast));
        return String.join(" ", sentences);
    }

    static int templateCount() {
        return OPENINGS.size() + SIGHTINGS.size() + MIDDLES.size() + ENDINGS.size();
    }
}
