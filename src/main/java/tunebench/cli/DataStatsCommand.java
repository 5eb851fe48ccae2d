package tunebench.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetStats;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.Histogram;
import tunebench.engine.data.TemplateTokenCounter;
import tunebench.engine.data.TokenCounter;

/**
 * {@code data stats}: counts, a length histogram per field (tokens with {@code --model}, else
 * words) and the category distribution.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counts, length histograms per field (tokens with --model, else words) and categories.")
final class DataStatsCommand implements Callable<Integer> {

    private static final int BAR = 40;

    @Mixin
    DataInput input;

    @Mixin
    DataModelOptions model;

    @Option(names = "--json", description = "Print the statistics as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DatasetDocument doc = input.read();
        ExampleSet set = input.examples(doc, spec.commandLine().getErr());
        Optional<TemplateTokenCounter> counter = model.open(Optional.ofNullable(set.format()));
        DatasetStats stats;
        try {
            stats = DatasetStats.of(set, counter.map(c -> (TokenCounter) c));
        } finally {
            counter.ifPresent(TemplateTokenCounter::close);
        }
        if (json) {
            out.println(stats.toJson().toString());
        } else {
            print(out, stats, counter.map(TemplateTokenCounter::describe));
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, DatasetStats s, Optional<String> tokens) {
        out.println(input.file + " (" + s.format() + ")");
        out.printf("  %,d records, %,d examples, %,d turns%n", s.records(), s.examples(), s.turns());
        if (!s.problems().isEmpty()) {
            out.println("  problems: " + s.problems());
        }
        if (!s.roles().isEmpty()) {
            out.println("  turns by role: " + s.roles());
        }
        out.println("Lengths in " + s.unit() + tokens.map(t -> " (" + t + ")").orElse(""));
        s.lengths().forEach((field, h) -> printHistogram(out, field, h));
        if (!s.categories().isEmpty()) {
            out.println("Categories");
            int total = s.categories().values().stream().mapToInt(Integer::intValue).sum();
            int most = s.categories().values().stream().mapToInt(Integer::intValue).max().orElse(1);
            for (Map.Entry<String, Integer> e : s.categories().entrySet()) {
                out.printf("  %-24s %7d  %5.1f%%  %s%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / total, bar(e.getValue(), most));
            }
        }
    }

    private static void printHistogram(PrintWriter out, String field, Histogram h) {
        if (h.count() == 0) {
            return;
        }
        out.printf("  %s: %,d values, min %d, median %d, p95 %d, max %d%n", field, h.count(), h.min(),
                h.median(), h.p95(), h.max());
        int most = h.bins().stream().mapToInt(Histogram.Bin::count).max().orElse(1);
        // Bins start at 0: the empty ones below the shortest example say nothing.
        for (Histogram.Bin b : h.bins().stream().dropWhile(b -> b.count() == 0).toList()) {
            String range = b.to() == Integer.MAX_VALUE ? b.from() + "+" : b.from() + "-" + (b.to() - 1);
            out.printf("    %-12s %7d  %s%n", range, b.count(), bar(b.count(), most));
        }
    }

    private static String bar(int n, int most) {
        return "#".repeat((int) Math.round((double) BAR * n / Math.max(most, 1)));
    }
}
