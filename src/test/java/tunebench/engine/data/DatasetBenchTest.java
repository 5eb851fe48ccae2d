package tunebench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
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
            withTheModelsTooLongCheck(dir, file);
        }
    }

    /**
     * The same run with the too-long check on, as {@code tunebench data validate --model} does
     * it: every example's token count after the tiny model's chat template, exactly as training
     * encodes it. Measured on 2 shared cores, back to back: 20.4 s in all (39.9 s of CPU) before
     * the template was parsed once, rendered once and ids fetched alone; 7.7 s (14.5 s of CPU)
     * after. TokenCountSpeedTest says where the time goes.
     */
    private static void withTheModelsTooLongCheck(Path dir, Path file) throws Exception {
        try (TemplateTokenCounter tiny = TemplateTokenCounter.open(Path.of("assets/models/tunebench-tiny"),
                Optional.empty(), Optional.of(DataFormat.ALPACA))) {
            long cpu = cpuNanos();
            long t0 = System.nanoTime();
            DatasetDocument doc = DatasetDocument.read(file);
            ExampleSet set = ExampleSet.read(doc);
            long t1 = System.nanoTime();
            ValidationReport report = DatasetValidator.validate(set, ValidationOptions.defaults().withTokens(tiny));
            long t2 = System.nanoTime();
            Dedup dedup = Dedup.of(doc, report, true, true);
            DatasetFixes.write(doc, dedup.document().records(), dir.resolve("bench.tokens.jsonl"), false);
            long t3 = System.nanoTime();
            double total = (t3 - t0) / 1e9;
            System.out.printf("with the too-long check (%s): read %.2f s, validate %.2f s, dedup+write %.2f s,"
                    + " total %.2f s (%.2f s of CPU); %s%n", tiny.describe(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    (t3 - t2) / 1e9, total, (cpuNanos() - cpu) / 1e9, report.summary());
            assertEquals(EXAMPLES, report.examples());
            assertTrue(total < 30, "took " + total + " s");
        }
    }

    /** CPU time of the whole process: on a shared machine, steadier than the wall clock. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
