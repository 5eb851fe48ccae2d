package tunebench.engine.train.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.model.CheckpointInitializer;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/**
 * The float32 estimate against what a real run adds to the resident set, on a random model
 * of the benchmark shape (156 M parameters: big enough that libtorch's and the JVM's own
 * overheads are small beside it). Each configuration runs a few steps in a child JVM
 * ({@link MemoryProbe}). Minutes of CPU, so only by hand:
 * {@code mvn -o test -Dtest=MeasuredMemoryTest -Dtb.memory.measure=true}; it prints the
 * table docs/BENCHMARKS.md records. {@code -Dtb.memory.malloc=fixed} runs the children with
 * {@code MALLOC_MMAP_THRESHOLD_=1048576}, so glibc returns freed large blocks.
 */
@EnabledIfSystemProperty(named = "tb.memory.measure", matches = "true")
public class MeasuredMemoryTest {

    private static final double TOLERANCE = 0.15;

    @TempDir
    Path tmp;

    /** The same measurement without Maven: {@code java -cp CLASSPATH ...MeasuredMemoryTest}. */
    public static void main(String[] args) throws Exception {
        MeasuredMemoryTest t = new MeasuredMemoryTest();
        t.tmp = Files.createTempDirectory("tunebench-memory");
        try {
            t.estimateIsWithin15PercentOfMeasuredResidentMemory();
        } finally {
            tunebench.engine.io.Folders.deleteTree(t.tmp);
        }
    }

    @Test
    void estimateIsWithin15PercentOfMeasuredResidentMemory() throws Exception {
        Path model = randomModel();
        String steps = System.getProperty("tb.memory.steps", "4");
        String shape = System.getProperty("tb.memory.shape", "4x256");
        String[] bs = shape.split("x");
        List<String> common = List.of("schedule.batch_size=" + bs[0], "data.max_length=" + bs[1],
                "data.packing=true", "data.validation_split=0", "schedule.max_steps=" + steps, "schedule.warmup_ratio=0",
                "eval.every_steps=0", "checkpoint.every_steps=1000", "model.chat_template=chatml");
        List<String[]> runs = List.of(
                new String[] {"lora", "method.type=lora", "method.r=16", "method.dropout=0.05"},
                new String[] {"full", "method.type=full"},
                new String[] {"qlora", "method.type=qlora", "method.r=16", "method.dropout=0.05"});
        List<String> failures = new ArrayList<>();
        System.out.println("| run | estimate MB | measured MB | error |");
        List<String> only = List.of(System.getProperty("tb.memory.runs", "lora,full,qlora").split(","));
        for (String[] run : runs) {
            if (!only.contains(run[0])) {
                continue;
            }
            List<String> sets = new ArrayList<>(common);
            sets.addAll(List.of(run).subList(1, run.length));
            sets.add("output_dir=" + tmp.resolve("runs").resolve(run[0]));
            RunConfig config = RunConfigJson.applyOverrides(RunConfig.of(run[0], model.toString(),
                    Path.of("sample-data/instructions.json").toAbsolutePath().toString()), sets);
            long estimate = MemoryEstimator.estimate(
                    MemoryPlan.from(ModelConfig.read(model), config, 4)).totalBytes();
            long measured = measure(config, run[0]);
            double error = (double) (estimate - measured) / measured;
            System.out.printf(Locale.ROOT, "| %s %s | %,d | %,d | %+.1f%% |%n", run[0], shape,
                    estimate >> 20, measured >> 20, 100 * error);
            if (Math.abs(error) > TOLERANCE) {
                failures.add(run[0] + String.format(Locale.ROOT, " %+.1f%%", 100 * error));
            }
        }
        assertEquals(List.of(), failures, "outside 15%");
    }

    /** Peak resident bytes over steps 2..N minus the resident set before loading. */
    private long measure(RunConfig config, String name) throws Exception {
        Path file = tmp.resolve(name + ".json");
        RunConfigJson.write(config, file);
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch",
                "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(),
                file.toString()).redirectErrorStream(true);
        if ("fixed".equals(System.getProperty("tb.memory.malloc"))) {
            pb.environment().put("MALLOC_MMAP_THRESHOLD_", "1048576");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String[] line = out.lines().filter(l -> l.startsWith("baseline ")).findFirst()
                .orElseThrow(() -> new AssertionError(out)).split(" ");
        long measured = Long.parseLong(line[3]) - Long.parseLong(line[1]);
        assertTrue(measured > 0, out);
        return measured;
    }

    /** The benchmark shape with random weights and the bundled model's tokenizer. */
    private Path randomModel() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(Path.of("docs/bench/big-config.json").toFile());
        Path tiny = Path.of("assets/models/tunebench-tiny");
        ObjectNode tinyConfig = (ObjectNode) json.readTree(tiny.resolve("config.json").toFile());
        for (String id : List.of("bos_token_id", "eos_token_id", "pad_token_id")) {
            config.set(id, tinyConfig.get(id)); // the tokenizer's ids, all below the vocabulary
        }
        Path dir = tmp.resolve("model");
        CheckpointInitializer.writeRandom(dir, config, 1);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(tiny.resolve(f), dir.resolve(f));
        }
        return dir;
    }
}
