package tunebench.engine.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's {@code metrics.jsonl} read back: its step lines and its evaluation lines (with the
 * probe outputs), in file order. A line that cannot be read (a run killed mid-write, a hand
 * edit) is described in {@link #problems} and skipped, so one bad line never hides a run.
 */
public record MetricsHistory(List<Step> steps, List<EvalMetrics> evals, List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> STEP_KEYS = Set.of("step", "epoch", "loss", "lr",
            "grad_norm", "tokens_per_s", "elapsed_s");
    private static final Set<String> EVAL_KEYS = Set.of("step", "eval_loss", "eval_ppl", "probes");

    /**
     * One logged optimizer step, as {@code Loop} writes it (every {@code log_every} steps).
     *
     * @param extra every other number on the line, by key (DPO's rewards/chosen, ...)
     */
    public record Step(int step, double epoch, double loss, double lr, double gradNorm,
            double tokensPerS, double elapsedS, Map<String, Double> extra) {

        public Step {
            extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        /** A step with no method-specific metrics (SFT). */
        public Step(int step, double epoch, double loss, double lr, double gradNorm,
                double tokensPerS, double elapsedS) {
            this(step, epoch, loss, lr, gradNorm, tokensPerS, elapsedS, Map.of());
        }
    }

    public MetricsHistory {
        steps = List.copyOf(steps);
        evals = List.copyOf(evals);
        problems = List.copyOf(problems);
    }

    /** Reads {@code runDir/metrics.jsonl}. */
    public static MetricsHistory readRun(Path runDir) throws IOException {
        Path file = runDir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "no metrics.jsonl: this folder is not a training run");
        }
        return read(file);
    }

    public static MetricsHistory read(Path file) throws IOException {
        List<Step> steps = new ArrayList<>();
        List<EvalMetrics> evals = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String problem = parse(line, steps, evals);
                if (problem != null) {
                    problems.add("line " + number + ": " + problem);
                }
            }
        }
        return new MetricsHistory(steps, evals, problems);
    }

    /** Adds the line to its list; returns what is wrong with it, or null. */
    private static String parse(String line, List<Step> steps, List<EvalMetrics> evals) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return "not JSON (" + e.getOriginalMessage() + ")";
        }
        if (!n.isObject() || !n.path("step").canConvertToInt()) {
            return "no step number";
        }
        int step = n.get("step").asInt();
        if (n.has("loss")) {
            steps.add(new Step(step, number(n, "epoch"), number(n, "loss"), number(n, "lr"),
                    number(n, "grad_norm"), number(n, "tokens_per_s"), number(n, "elapsed_s"),
                    extra(n, STEP_KEYS)));
            return null;
        }
        if (n.has("eval_loss")) {
            List<EvalMetrics.ProbeOutput> probes = new ArrayList<>();
            for (JsonNode p : n.path("probes")) {
                probes.add(new EvalMetrics.ProbeOutput(p.path("prompt").asText(),
                        p.path("output").asText()));
            }
            evals.add(new EvalMetrics(step, number(n, "eval_loss"), number(n, "eval_ppl"), probes,
                    extra(n, EVAL_KEYS)));
            return null;
        }
        return "neither a step (loss) nor an evaluation (eval_loss)";
    }

    /**
     * A number, or NaN when missing. Jackson writes NaN and Infinity as the strings "NaN" and
     * "Infinity" (eval_loss is NaN without a validation set), which asDouble parses back.
     */
    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble(Double.NaN);
    }

    /** The numbers on a line beyond {@code known}, in file order (NaN written as "NaN" too). */
    private static Map<String, Double> extra(JsonNode n, Set<String> known) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (!known.contains(e.getKey()) && (v.isNumber() || v.isTextual() && !Double.isNaN(
                    v.asDouble(Double.NaN)) || "NaN".equals(v.asText()))) {
                out.put(e.getKey(), number(n, e.getKey()));
            }
        });
        return out;
    }

    /** The last logged step number; 0 when none. */
    public int lastStep() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).step();
    }

    /** The last logged training loss; NaN when no step was logged. */
    public double finalLoss() {
        return steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).loss();
    }
}
