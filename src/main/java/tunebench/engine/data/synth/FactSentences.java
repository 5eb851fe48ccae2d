package tunebench.engine.data.synth;

import static tunebench.engine.data.synth.Text.a;
import static tunebench.engine.data.synth.Text.at;
import static tunebench.engine.data.synth.Text.cap;
import static tunebench.engine.data.synth.Text.is;
import static tunebench.engine.data.synth.Text.legs;

import java.util.List;
import java.util.function.Function;

import tunebench.engine.data.synth.World.Animal;
import tunebench.engine.data.synth.World.Country;
import tunebench.engine.data.synth.World.Thing;

/**
 * Sentence templates stating one fact about one country, animal or thing, in many phrasings, so
 * the model learns the fact rather than the word order. A paragraph draws several for one subject.
 */
final class FactSentences {

    static final List<Function<Country, String>> COUNTRY = List.of(
            c -> c.capital() + " is the capital of " + c.name() + ".",
            c -> "The capital of " + c.name() + " is " + c.capital() + ".",
            c -> "In " + c.name() + ", people speak " + c.language() + ".",
            c -> "People in " + c.name() + " speak " + c.language() + ".",
            c -> c.name() + " is a country in " + c.continent() + ".",
            c -> c.capital() + " is a city in " + c.name() + ".",
            c -> "The main language of " + c.name() + " is " + c.language() + ".",
            c -> "If you visit " + c.capital() + ", you are in " + c.name() + ".",
            c -> c.name() + " is in " + c.continent() + ", and its capital is " + c.capital() + ".",
            c -> "Many people in " + c.capital() + " speak " + c.language() + ".",
            c -> "You can find " + c.name() + " on a map of " + c.continent() + ".",
            c -> c.capital() + " is in " + c.continent() + ".",
            c -> "The capital city of " + c.name() + " is called " + c.capital() + ".",
            c -> c.language() + " is spoken in " + c.name() + ".",
            c -> "A trip to " + c.name() + " often starts in " + c.capital() + ", its capital.");

    static final List<Function<Animal, String>> ANIMAL = List.of(
            x -> cap(a(x.name())) + " says " + x.sound() + ".",
            x -> "The " + x.name() + " goes " + x.sound() + ".",
            x -> cap(x.plural()) + " say " + x.sound() + ".",
            x -> cap(a(x.name())) + " is often " + x.color() + ".",
            x -> "Many " + x.plural() + " are " + x.color() + ".",
            x -> cap(a(x.name())) + " lives " + at(x.home()) + ".",
            x -> cap(x.plural()) + " live " + at(x.home()) + ".",
            x -> cap(a(x.name())) + " has " + legs(x.legs()) + ".",
            x -> cap(x.plural()) + " eat " + x.food() + ".",
            x -> cap(a(x.name())) + " likes to eat " + x.food() + ".",
            x -> "The sound " + a(x.name()) + " makes is " + x.sound() + ".",
            x -> "If you hear " + x.sound() + ", there may be " + a(x.name()) + " nearby.",
            x -> "You can see " + x.plural() + " " + at(x.home()) + ".",
            x -> cap(a(x.name())) + " is an animal with " + legs(x.legs()) + ".",
            x -> "The " + x.name() + " eats " + x.food() + " and lives " + at(x.home()) + ".",
            x -> cap(at(x.home())) + ", " + a(x.name()) + " looks for " + x.food() + ".");

    static final List<Function<Thing, String>> THING = List.of(
            t -> cap(is(t)) + " " + t.color() + ".",
            t -> "The color of the " + t.name() + " is " + t.color() + ".",
            t -> cap(t.color()) + " is the color of the " + t.name() + ".",
            t -> "If you look at the " + t.name() + ", you see " + t.color() + ".",
            t -> "Most of the time, " + is(t) + " " + t.color() + ".",
            t -> "What color " + (t.plural() ? "are" : "is") + " the " + t.name() + "? "
                    + cap(is(t)) + " " + t.color() + ".");

    private FactSentences() {}

    static int templateCount() {
        return COUNTRY.size() + ANIMAL.size() + THING.size();
    }
}
