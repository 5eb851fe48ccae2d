package tunebench.engine.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import tunebench.engine.model.tokenizer.ChatMessage;

/**
 * Validates a dataset: the problems found while reading each record, plus the checks that need
 * the whole file or a model: exact and near duplicates, turn order, length in tokens after the
 * chat template, and category balance. Each problem names its line and, for a repeat, the line
 * it repeats.
 */
public final class DatasetValidator {

    private static final Set<String> TOOL_ROLES = Set.of("tool", "function", "ipython");

    private DatasetValidator() {}

    public static ValidationReport validate(ExampleSet set, ValidationOptions options) {
        List<DataProblem> problems = new ArrayList<>(set.problems());
        // An example whose turns no template can train is left out of the checks below, as
        // the reader leaves out one it rejects, so both give the same report.
        List<Example> examples = new ArrayList<>();
        for (Example e : set.examples()) {
            TurnOrder.check(e).ifPresentOrElse(problems::add, () -> examples.add(e));
        }
        List<Example> firsts = exactDuplicates(examples, problems);
        if (options.nearDuplicates()) {
            nearDuplicates(firsts, options, problems);
        }
        options.tokens().ifPresent(counter ->
                tooLong(examples, counter, options.effectiveMaxLength().orElseThrow(), problems));
        imbalance(examples, options, problems);
        Set<Integer> unreadable = new HashSet<>();
        set.problems().stream().filter(DataProblem::isFatal).forEach(p -> unreadable.add(p.line()));
        return new ValidationReport(set.examples().size() + unreadable.size(), problems);
    }

    /** Reports every later copy; returns the examples that are the first of their content. */
    private static List<Example> exactDuplicates(List<Example> examples, List<DataProblem> out) {
        Map<String, Example> seen = new HashMap<>();
        List<Example> firsts = new ArrayList<>();
        for (Example e : examples) {
            Example first = seen.putIfAbsent(TextKey.exact(e), e);
            if (first == null) {
                firsts.add(e);
            } else {
                out.add(new DataProblem(e.line(), DataProblem.DUPLICATE, "the same as line "
                        + first.line() + " (ignoring case and spacing)", first.line()));
            }
        }
        return firsts;
    }

    private static void nearDuplicates(List<Example> firsts, ValidationOptions options,
            List<DataProblem> out) {
        MinHash minHash = new MinHash(options.permutations(), 0x5EEDL);
        for (NearDuplicates.Match m : NearDuplicates.find(firsts, options.nearThreshold(),
                options.shingleWords(), minHash)) {
            int line = firsts.get(m.index()).line();
            int first = firsts.get(m.first()).line();
            // Clusters chain: say which record this one is most like, and which one dedup keeps.
            String message = m.closest() == m.first()
                    ? "nearly the same as line " + first + " (" + percent(m.similarity()) + " of words shared)"
                    : "nearly the same as line " + firsts.get(m.closest()).line() + " ("
                            + percent(m.closestSimilarity()) + " of words shared), in a cluster whose first"
                            + " example, kept by dedup, is line " + first;
            out.add(new DataProblem(line, DataProblem.NEAR_DUPLICATE, message, first));
        }
    }

    private static void tooLong(List<Example> examples, TokenCounter counter, int maxLength,
            List<DataProblem> out) {
        DataProblem[] found = new DataProblem[examples.size()];
        IntStream.range(0, examples.size()).parallel().forEach(i -> {
            Example e = examples.get(i);
            try {
                int tokens = counter.count(e);
                if (tokens > maxLength) {
                    found[i] = new DataProblem(e.line(), DataProblem.TOO_LONG, String.format(
                            Locale.ROOT, "%,d %s, over the max length of %,d: training cuts the rest",
                            tokens, counter.describe(), maxLength));
                }
            } catch (IllegalArgumentException ex) {
                found[i] = new DataProblem(e.line(), DataProblem.TEMPLATE,
                        "the chat template refused it: " + ex.getMessage());
            }
        });
        for (DataProblem p : found) {
            if (p != null) {
                out.add(p);
            }
        }
    }

    /**
     * Flags a category with under {@code minorityFactor} of an even share, and, among three or
     * more, one with over {@code majorityShare} of all examples, at its first example's line.
     */
    private static void imbalance(List<Example> examples, ValidationOptions options,
            List<DataProblem> out) {
        Map<String, int[]> categories = new LinkedHashMap<>(); // count, first line
        for (Example e : examples) {
            if (e.category() != null && !e.category().isBlank()) {
                categories.computeIfAbsent(e.category(), c -> new int[] {0, e.line()})[0]++;
            }
        }
        int k = categories.size();
        if (k < 2) {
            return;
        }
        int total = categories.values().stream().mapToInt(c -> c[0]).sum();
        double even = 1.0 / k;
        for (Map.Entry<String, int[]> c : categories.entrySet()) {
            int n = c.getValue()[0];
            double share = (double) n / total;
            String counts = String.format(Locale.ROOT, "category '%s' has %d of %d examples (%.1f%%)",
                    c.getKey(), n, total, 100 * share);
            if (share < options.minorityFactor() * even) {
                out.add(new DataProblem(c.getValue()[1], DataProblem.IMBALANCE, counts + String.format(
                        Locale.ROOT, ", far below an even share of %.1f%% among %d categories",
                        100 * even, k)));
            } else if (k >= 3 && share > options.majorityShare()) {
                out.add(new DataProblem(c.getValue()[1], DataProblem.IMBALANCE, counts + String.format(
                        Locale.ROOT, ", over %.0f%% of all: the other %d categories are drowned out",
                        100 * options.majorityShare(), k - 1)));
            }
        }
    }

    private static String percent(double share) {
        return Math.round(100 * share) + "%";
    }

    /** Turn order rules every chat template relies on, as TRL and LLaMA-Factory assume them. */
    static final class TurnOrder {

        private TurnOrder() {}

        /**
         * After an optional leading system message, user and assistant alternate, starting with
         * the user (tool results may follow an assistant's call), no turn is empty, and the
         * conversation ends with the assistant: a trailing user turn teaches nothing. Plain text
         * has no turns to check.
         */
        static java.util.Optional<DataProblem> check(Example e) {
            List<ChatMessage> turns = e.messages();
            if (e.conversation().isPlainText()) {
                return java.util.Optional.empty();
            }
            List<String> issues = new ArrayList<>();
            int start = turns.get(0).role().equals("system") ? 1 : 0;
            String previous = null;
            for (int i = 0; i < turns.size(); i++) {
                ChatMessage m = turns.get(i);
                String where = "message " + (i + 1) + " (" + m.role() + ")";
                if (m.content().isBlank()) {
                    issues.add(where + " is empty");
                }
                if (i < start) {
                    continue;
                }
                String role = TOOL_ROLES.contains(m.role()) ? "tool" : m.role();
                String problem = order(previous, role, e.isPreference() && turns.size() == 1);
                if (problem != null) {
                    issues.add(where + " " + problem);
                }
                previous = role;
            }
            if (previous != null && !previous.equals("assistant")) {
                issues.add("it ends with a " + previous + " turn: nothing follows for the model to learn");
            }
            if (e.isPreference() && e.rejected().isBlank()) {
                issues.add("the rejected reply is empty");
            }
            return issues.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(new DataProblem(e.line(), DataProblem.BAD_TURNS,
                            String.join("; ", issues)));
        }

        /** Why {@code role} cannot follow {@code previous} (null: the first turn); null when it can. */
        private static String order(String previous, String role, boolean promptless) {
            if (previous == null) {
                return role.equals("user") || promptless ? null : "comes first; the user should speak first";
            }
            return switch (role) {
                case "user" -> previous.equals("user") ? "follows another user message" : null;
                case "assistant" -> previous.equals("assistant") ? "follows another assistant message" : null;
                case "tool" -> previous.equals("assistant") || previous.equals("tool")
                        ? null : "is a tool result with no assistant call before it";
                case "system" -> "is a system message after the conversation started";
                default -> "has an unknown role";
            };
        }
    }
}
