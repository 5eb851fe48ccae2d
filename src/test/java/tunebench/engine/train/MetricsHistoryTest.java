package tunebench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl read back, with the lines written the way Loop writes them. */
class MetricsHistoryTest {

    @TempDir
    Path tmp;

    /** A step line as Loop.report builds it. */
    private static String stepLine(int step, double loss) {
        ObjectNode line = MetricsLog.line();
        line.put("step", step);
        line.put("epoch", step / 10.0);
        line.put("loss", loss);
        line.put("lr", 1e-4 * step);
        line.put("grad_norm", 2.5);
        line.put("tokens_per_s", 3210.5);
        line.put("elapsed_s", 0.25 * step);
        return line.toString();
    }

    /** An evaluation line as Loop.evaluate builds it. */
    private static String evalLine(int step, double evalLoss, String... promptOutput) {
        ObjectNode line = MetricsLog.line();
        line.put("step", step);
        line.put("eval_loss", evalLoss);
        line.put("eval_ppl", Math.exp(evalLoss));
        var probes = line.putArray("probes");
        for (int i = 0; i < promptOutput.length; i += 2) {
            probes.addObject().put("prompt", promptOutput[i]).put("output", promptOutput[i + 1]);
        }
        return line.toString();
    }

    private Path write(String... lines) throws IOException {
        Path file = tmp.resolve("metrics.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void readsStepsAndEvaluationsWithTheirProbes() throws Exception {
        Path file = write(stepLine(1, 2.5), stepLine(2, 2.0),
                evalLine(2, 1.5, "What is 7 plus 5?", "12", "Say hi", "hi\nthere"));

        MetricsHistory h = MetricsHistory.read(file);

        assertEquals(List.of(new MetricsHistory.Step(1, 0.1, 2.5, 1e-4, 2.5, 3210.5, 0.25),
                new MetricsHistory.Step(2, 0.2, 2.0, 2e-4, 2.5, 3210.5, 0.5)), h.steps());
        assertEquals(1, h.evals().size());
        EvalMetrics e = h.evals().get(0);
        assertEquals(2, e.step());
        assertEquals(1.5, e.evalLoss(), 0);
        assertEquals(Math.exp(1.5), e.evalPpl(), 1e-12);
        assertEquals(List.of(new EvalMetrics.ProbeOutput("What is 7 plus 5?", "12"),
                new EvalMetrics.ProbeOutput("Say hi", "hi\nthere")), e.probes());
        assertEquals(2, h.lastStep());
        assertEquals(2.0, h.finalLoss(), 0);
        assertTrue(h.problems().isEmpty(), h.problems().toString());
    }

    @Test
    void anEvaluationWithoutValidationSetReadsBackAsNaN() throws Exception {
        // Jackson writes NaN as the string "NaN"; it must come back as NaN, not as 0 or a problem
        Path file = write(stepLine(1, 2.5), evalLine(1, Double.NaN));
        MetricsHistory h = MetricsHistory.read(file);
        assertTrue(Double.isNaN(h.evals().get(0).evalLoss()));
        assertTrue(Double.isNaN(h.evals().get(0).evalPpl()));
        assertTrue(h.problems().isEmpty(), h.problems().toString());
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndSkipped() throws Exception {
        Path file = write(stepLine(1, 2.5), "", "{\"step\": 2, \"loss\": 2.", "[1, 2]",
                "{\"step\": 3, \"note\": \"hello\"}", stepLine(4, 1.0));

        MetricsHistory h = MetricsHistory.read(file);

        assertEquals(List.of(1, 4), h.steps().stream().map(MetricsHistory.Step::step).toList());
        assertEquals(3, h.problems().size(), h.problems().toString());
        assertTrue(h.problems().get(0).startsWith("line 3: not JSON"), h.problems().get(0));
        assertTrue(h.problems().get(1).startsWith("line 4: no step"), h.problems().get(1));
        assertTrue(h.problems().get(2).startsWith("line 5: neither"), h.problems().get(2));
    }

    @Test
    void anEmptyFileHasNoSteps() throws Exception {
        MetricsHistory h = MetricsHistory.read(write());
        assertEquals(0, h.lastStep());
        assertTrue(Double.isNaN(h.finalLoss()));
    }

    @Test
    void aFolderWithoutMetricsIsNotARun() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MetricsHistory.readRun(tmp));
        assertTrue(e.getMessage().contains("not a training run"), e.getMessage());
    }
}
