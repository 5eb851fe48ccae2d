package tunebench.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * What a dataset holds at a glance: counts, length histograms per role and for the whole
 * example, and how the categories are spread. Lengths are in the model's tokens (the whole
 * example after its chat template) when a counter is given, else in words.
 *
 * @param turns      messages over all examples
 * @param roles      messages per role
 * @param lengths    per field ("system", "user", "assistant", "rejected", "text", and "example"
 *                   for the whole example): each example's total length in that field
 * @param categories examples per category, most first; empty when the format has none
 */
public record DatasetStats(String format, int records, int examples, Map<String, Integer> problems,
        int turns, Map<String, Integer> roles, String unit, Map<String, Histogram> lengths,
        Map<String, Integer> categories) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("system", "user", "assistant", "rejected",
            Conversation.TEXT_ROLE);

    public DatasetStats {
        problems = Map.copyOf(problems);
        roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        lengths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lengths));
        categories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    public static DatasetStats of(ExampleSet set, Optional<TokenCounter> counter) {
        List<Example> examples = set.examples();
        Map<String, Integer> problems = new LinkedHashMap<>();
        set.problems().forEach(p -> problems.merge(p.kind(), 1, Integer::sum));
        Map<String, Integer> roles = new LinkedHashMap<>();
        int turns = 0;
        for (Example e : examples) {
            for (ChatMessage m : e.messages()) {
                roles.merge(m.role(), 1, Integer::sum);
                turns++;
            }
        }
        String unit = counter.isPresent() ? "tokens" : "words";
        Map<String, Histogram> lengths = new LinkedHashMap<>();
        for (String field : FIELDS) {
            List<String> texts = new ArrayList<>();
            for (Example e : examples) {
                fieldText(e, field).ifPresent(texts::add);
            }
            if (!texts.isEmpty()) {
                lengths.put(field, Histogram.of(count(texts, counter), unit));
            }
        }
        lengths.put("example", Histogram.of(wholeExamples(examples, counter), unit));
        return new DatasetStats(set.format() == null ? "unknown" : set.format().label(),
                set.records(), examples.size(), problems, turns, roles, unit, lengths,
                categories(examples));
    }

    /** An example's text in one field: its turns of that role joined; empty when it has none. */
    private static Optional<String> fieldText(Example e, String field) {
        if (field.equals("rejected")) {
            return Optional.ofNullable(e.rejected());
        }
        List<String> parts = e.messages().stream().filter(m -> m.role().equals(field))
                .map(ChatMessage::content).toList();
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", parts));
    }

    private static int[] count(List<String> texts, Optional<TokenCounter> counter) {
        return counter.isPresent() ? counter.get().countTexts(texts)
                : texts.stream().mapToInt(DatasetStats::words).toArray();
    }

    /** Templated length in tokens, or all its words; -1-free: a refused template counts 0. */
    private static int[] wholeExamples(List<Example> examples, Optional<TokenCounter> counter) {
        return IntStream.range(0, examples.size()).parallel().map(i -> {
            Example e = examples.get(i);
            if (counter.isEmpty()) {
                int words = e.messages().stream().mapToInt(m -> words(m.content())).sum();
                return words + (e.isPreference() ? words(e.rejected()) : 0);
            }
            try {
                return counter.get().count(e);
            } catch (IllegalArgumentException refused) {
                return 0;
            }
        }).toArray();
    }

    static int words(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            n += !space && !in ? 1 : 0;
            in = !space;
        }
        return n;
    }

    private static Map<String, Integer> categories(List<Example> examples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        examples.stream().filter(e -> e.category() != null)
                .forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(c -> sorted.put(c.getKey(), c.getValue()));
        return sorted;
    }

    /** {@code data stats --json}. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", format).put("records", records).put("examples", examples).put("turns", turns)
                .put("unit", unit);
        ObjectNode p = o.putObject("problems");
        problems.forEach(p::put);
        ObjectNode r = o.putObject("roles");
        roles.forEach(r::put);
        ObjectNode l = o.putObject("lengths");
        lengths.forEach((k, v) -> l.set(k, v.toJson()));
        ObjectNode c = o.putObject("categories");
        categories.forEach(c::put);
        return o;
    }
}
