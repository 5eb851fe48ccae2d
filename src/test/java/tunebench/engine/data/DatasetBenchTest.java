package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.data.synth.VariedInstructions;

/**
 * Issue 8's budget: reading, validating and deduplicating 100,000 examples in under 30 s on two
 * cores. Minutes of generation and a large heap, so only with {@code -Dtb.bench.data=true}.
 */
@EnabledIfSystemProperty(named = "tb.bench.data", matches = "true")
class DatasetBenchTest {

    private static final int EXAMPLES = Integer.getInteger("tb.bench.data.examples", 100_000);

    @Test
    void readValidateAndDedupOneHundredThousandExamplesUnderThirtySeconds(@TempDir Path dir) throws Exception {
        VariedInstructions.Planted planted = VariedInstructions.generate(1, EXAMPLES);
        Path file = dir.resolve("bench.jsonl");
        VariedInstructions.writeJsonl(file, planted.records());

        long t0 = System.nanoTime();
        DatasetDocument doc = DatasetDocument.read(file);
        ExampleSet set = ExampleSet.read(doc);
        long t1 = System.nanoTime();
        ValidationReport report = DatasetValidator.validate(set, ValidationOptions.defaults());
        long t2 = System.nanoTime();
        Dedup dedup = Dedup.of(doc, report, true, true);
        DatasetFixes.write(doc, dedup.document().records(), dir.resolve("bench.dedup.jsonl"), false);
        long t3 = System.nanoTime();

        double total = (t3 - t0) / 1e9;
        System.out.printf("bench %d examples: read %.2f s, validate %.2f s, dedup+write %.2f s, total %.2f s;"
                + " %s; planted %d exact, %d near%n", EXAMPLES, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (t3 - t2) / 1e9, total, report.summary(), planted.exact().size(), planted.near().size());
        Set<Integer> duplicates = new HashSet<>(dedup.exactLines());
        assertTrue(duplicates.containsAll(planted.exact()));
        Set<Integer> removed = new HashSet<>(dedup.exactLines());
        removed.addAll(dedup.nearLines());
        assertTrue(removed.containsAll(planted.near()), "every planted near copy is found");
        assertEquals(EXAMPLES, report.examples());
        assertTrue(total < 30, "took " + total + " s");

        if (Boolean.getBoolean("tb.bench.data.tokens")) {
            try (TemplateTokenCounter tiny = TemplateTokenCounter.open(Path.of("assets/models/tunebench-tiny"),
                    Optional.empty(), Optional.of(DataFormat.ALPACA))) {
                long t4 = System.nanoTime();
                ValidationReport withTokens = DatasetValidator.validate(set,
                        ValidationOptions.defaults().withNearDuplicates(false).withTokens(tiny));
                System.out.printf("too-long check with the tiny model: %.2f s; %s%n",
                        (System.nanoTime() - t4) / 1e9, withTokens.summary());
            }
        }
    }
}
