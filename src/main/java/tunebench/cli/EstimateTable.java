package tunebench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.memory.MemoryEstimate;

/** The human form of {@code estimate}: the run in one line, the parts, the total, the verdict. */
final class EstimateTable {

    private static final Map<String, String> LABELS = Map.of(
            "weights", "Weights", "quant_constants", "Quantization constants",
            "trainable", "Trainable parameters", "gradients", "Gradients",
            "optimizer", "Optimizer state", "activations", "Activations");

    private final PrintWriter out;

    EstimateTable(PrintWriter out) {
        this.out = out;
    }

    void print(ModelConfig model, RunConfig run, String dtype, MemoryEstimate e, long device) {
        out.printf(Locale.ROOT, "Model:   %s, %s parameters%n", model.architecture(),
                InfoCommand.human(e.totalParameters(), ""));
        out.printf(Locale.ROOT, "Run:     %s, batch %d x %d tokens, %s, gradient checkpointing %s,"
                + " %s%n", run.method().type(), run.schedule().batchSize(), run.data().maxLength(),
                dtype, run.model().gradientCheckpointing() ? "on" : "off",
                run.optim().paged() ? "paged AdamW" : "AdamW");
        out.printf(Locale.ROOT, "Trains:  %,d parameters (%.3f%%)%n", e.trainableParameters(),
                100.0 * e.trainableParameters() / e.totalParameters());
        out.println();
        for (Map.Entry<String, Long> p : e.parts().entrySet()) {
            out.printf(Locale.ROOT, "  %-24s %10s%n", LABELS.get(p.getKey()), size(p.getValue()));
        }
        out.printf(Locale.ROOT, "  %-24s %10s%n", "Total", size(e.totalBytes()));
        out.println();
        for (String note : e.notes()) {
            out.println("Note: " + note);
        }
        out.println("Verdict: " + e.verdict(device));
    }

    /** "1.23 GB" or "456 MB": decimal units, as device sizes are sold. */
    static String size(long bytes) {
        return bytes >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
