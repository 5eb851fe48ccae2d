package tunebench.engine.data.synth;

import java.util.List;

/**
 * The facts of the small world our base model is pre-trained on and fine-tuned about. Hard-coded
 * tables, never random: the corpus, the instructions and the preference pairs all read the same
 * facts, so a fine-tune can only steer what pre-training already taught.
 */
public final class World {

    public record Country(String name, String capital, String language, String continent) {}

    /** An animal; {@code home} completes "lives in ..." ("the sea", "the forest"). */
    public record Animal(String name, String plural, String sound, String color, String home,
                         int legs, String food) {}

    /** A common thing and its usual color; {@code plural} says whether it reads "are". */
    public record Thing(String name, String color, boolean plural) {}

    /** A story character; {@code pronoun} is "he" or "she". */
    public record Person(String name, String job, String pronoun) {}

    public static final List<Country> COUNTRIES = table(4, """
            France|Paris|French|Europe|Germany|Berlin|German|Europe|Spain|Madrid|Spanish|Europe
            Italy|Rome|Italian|Europe|Portugal|Lisbon|Portuguese|Europe|Greece|Athens|Greek|Europe
            Poland|Warsaw|Polish|Europe|Sweden|Stockholm|Swedish|Europe|Norway|Oslo|Norwegian|Europe
            Finland|Helsinki|Finnish|Europe|Denmark|Copenhagen|Danish|Europe|Austria|Vienna|German|Europe
            Hungary|Budapest|Hungarian|Europe|Ireland|Dublin|English|Europe|Russia|Moscow|Russian|Europe
            Japan|Tokyo|Japanese|Asia|China|Beijing|Chinese|Asia|India|New Delhi|Hindi|Asia
            Thailand|Bangkok|Thai|Asia|Vietnam|Hanoi|Vietnamese|Asia|Turkey|Ankara|Turkish|Asia
            South Korea|Seoul|Korean|Asia|Indonesia|Jakarta|Indonesian|Asia|Iran|Tehran|Persian|Asia
            Egypt|Cairo|Arabic|Africa|Kenya|Nairobi|Swahili|Africa|Morocco|Rabat|Arabic|Africa
            Nigeria|Abuja|English|Africa|Ethiopia|Addis Ababa|Amharic|Africa|Ghana|Accra|English|Africa
            Canada|Ottawa|English|North America|Mexico|Mexico City|Spanish|North America|Cuba|Havana|Spanish|North America
            Brazil|Brasilia|Portuguese|South America|Argentina|Buenos Aires|Spanish|South America|Peru|Lima|Spanish|South America
            Chile|Santiago|Spanish|South America|Colombia|Bogota|Spanish|South America|Australia|Canberra|English|Oceania
            New Zealand|Wellington|English|Oceania|Iceland|Reykjavik|Icelandic|Europe|Netherlands|Amsterdam|Dutch|Europe
            """).stream().map(f -> new Country(f[0], f[1], f[2], f[3])).toList();

    public static final List<Animal> ANIMALS = table(7, """
            cat|cats|meow|gray|the house|4|fish|dog|dogs|woof|brown|the house|4|meat
            cow|cows|moo|black and white|the field|4|grass|horse|horses|neigh|brown|the stable|4|hay
            sheep|sheep|baa|white|the field|4|grass|pig|pigs|oink|pink|the farm|4|corn
            duck|ducks|quack|white|the pond|2|bread|frog|frogs|croak|green|the pond|4|flies
            owl|owls|hoot|brown|the forest|2|mice|lion|lions|roar|yellow|the grassland|4|meat
            wolf|wolves|howl|gray|the forest|4|meat|bee|bees|buzz|yellow|the hive|6|nectar
            snake|snakes|hiss|green|the grass|0|mice|mouse|mice|squeak|gray|the wall|4|cheese
            goat|goats|bleat|white|the hills|4|grass|chicken|chickens|cluck|red|the farm|2|seeds
            donkey|donkeys|bray|gray|the farm|4|hay|rooster|roosters|crow|red|the farm|2|corn
            bear|bears|growl|brown|the forest|4|berries|elephant|elephants|trumpet|gray|the savanna|4|leaves
            monkey|monkeys|chatter|brown|the jungle|2|bananas|parrot|parrots|squawk|green|the jungle|2|fruit
            tiger|tigers|roar|orange|the jungle|4|meat|crow|crows|caw|black|the trees|2|seeds
            goose|geese|honk|white|the lake|2|grass|turkey|turkeys|gobble|brown|the farm|2|grain
            dove|doves|coo|white|the park|2|seeds|cricket|crickets|chirp|black|the grass|6|leaves
            spider|spiders|hiss|black|the web|8|flies|whale|whales|sing|blue|the sea|0|fish
            dolphin|dolphins|click|gray|the sea|0|fish|seal|seals|bark|gray|the sea|0|fish
            penguin|penguins|squawk|black and white|the ice|2|fish|rabbit|rabbits|squeak|white|the meadow|4|carrots
            fox|foxes|yelp|red|the forest|4|mice|camel|camels|grunt|brown|the desert|4|plants
            """).stream().map(f -> new Animal(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), f[6]))
            .toList();

    public static final List<Thing> THINGS = table(3, """
            sky|blue|0|grass|green|0|snow|white|0|sun|yellow|0|night sky|black|0|coal|black|0
            milk|white|0|blood|red|0|sea|blue|0|banana|yellow|0|lemon|yellow|0|strawberry|red|0
            tomato|red|0|carrot|orange|0|orange|orange|0|leaves|green|1|cloud|white|0|lime|green|0
            cherry|red|0|plum|purple|0|grape|purple|0|pumpkin|orange|0|salt|white|0|chocolate|brown|0
            tree trunk|brown|0|fire truck|red|0|school bus|yellow|0|frog|green|0|rose|red|0|violet|purple|0
            pea|green|0|cucumber|green|0|egg yolk|yellow|0|sand|yellow|0|ink|black|0|mud|brown|0
            coffee|brown|0|sugar|white|0|corn|yellow|0|eggplant|purple|0|cheese|yellow|0|crow|black|0
            """).stream().map(f -> new Thing(f[0], f[1], f[2].equals("1"))).toList();

    public static final List<String> DAYS = List.of(
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");

    public static final List<String> MONTHS = List.of("January", "February", "March", "April",
            "May", "June", "July", "August", "September", "October", "November", "December");

    public static final List<String> TIMES_OF_DAY = List.of(
            "morning", "noon", "afternoon", "evening", "night", "midnight", "dawn", "dusk");

    public static final List<Person> PEOPLE = table(3, """
            Anna|teacher|she|Ben|baker|he|Clara|doctor|she|David|farmer|he|Emma|nurse|she
            Finn|fisherman|he|Grace|pilot|she|Hugo|painter|he|Ida|singer|she|Jack|carpenter|he
            Kate|writer|she|Leo|driver|he|Mia|gardener|she|Noah|cook|he|Olivia|vet|she
            Paul|postman|he|Rosa|dancer|she|Sam|builder|he|Tara|sailor|she|Tom|firefighter|he
            Uma|librarian|she|Victor|tailor|he|Wendy|shopkeeper|she|Yusuf|miller|he|Zoe|potter|she
            Omar|police officer|he|Lily|scientist|she|Max|musician|he|Nina|florist|she|Oscar|fisher|he
            Ruth|judge|she|Sofia|engineer|she|Theo|shepherd|he|Eva|artist|she|Hans|clockmaker|he
            """).stream().map(f -> new Person(f[0], f[1], f[2])).toList();

    private World() {}

    public static String dayAfter(String day) {
        return DAYS.get((DAYS.indexOf(day) + 1) % 7);
    }

    public static String dayBefore(String day) {
        return DAYS.get((DAYS.indexOf(day) + 6) % 7);
    }

    public static String monthAfter(String month) {
        return MONTHS.get((MONTHS.indexOf(month) + 1) % 12);
    }

    /** "a" or "an", for the few words our sentences put an article before. */
    public static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    /** Splits a '|'-separated table (rows may hold several records) into records of width fields. */
    private static List<String[]> table(int width, String text) {
        String[] cells = String.join("|", text.strip().lines().map(String::strip).toList()).split("\\|");
        if (cells.length % width != 0) {
            throw new IllegalStateException("table cells not a multiple of " + width);
        }
        java.util.ArrayList<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < cells.length; i += width) {
            rows.add(java.util.Arrays.copyOfRange(cells, i, i + width));
        }
        return List.copyOf(rows);
    }
}
