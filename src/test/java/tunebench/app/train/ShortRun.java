package tunebench.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Settings for real runs that take seconds: a few examples, short rows, a handful of steps. */
final class ShortRun {

    private ShortRun() {}

    /** Eight Alpaca examples about the sample world, as JSONL. */
    static Path data(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        String[][] facts = {{"Japan", "Tokyo"}, {"France", "Paris"}, {"Italy", "Rome"},
            {"Spain", "Madrid"}, {"Egypt", "Cairo"}, {"Peru", "Lima"}, {"Chile", "Santiago"},
            {"Kenya", "Nairobi"}};
        for (String[] f : facts) {
            lines.add(json.createObjectNode().put("instruction", "What is the capital of " + f[0] + "?")
                    .put("input", "").put("output", "The capital of " + f[0] + " is " + f[1] + ".")
                    .toString());
        }
        Files.createDirectories(dir);
        return Files.write(dir.resolve("train.jsonl"), lines);
    }

    /** Fills the form for a run of {@code steps} steps writing to {@code dir/run}. */
    static void apply(RunConfigForm form, Path dir, int steps) throws IOException {
        form.text("name").set("short");
        form.text("output_dir").set(dir.resolve("run").toString());
        form.text("data.train").set(data(dir).toString());
        form.text("data.validation").set("");
        form.text("data.validation_split").set("0");
        form.text("data.max_length").set("32");
        form.text("schedule.batch_size").set("2");
        form.bySteps().set(true);
        form.text("schedule.max_steps").set(Integer.toString(steps));
        form.text("schedule.warmup_ratio").set("0");
        form.text("eval.every_steps").set("0");
        form.text("eval.probe_prompts").set("What is the capital of Peru?");
        form.text("eval.probe_max_new_tokens").set("4");
        form.text("checkpoint.every_steps").set("0");
    }
}
