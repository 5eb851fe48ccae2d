package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.app.CurrentThreadTaskRunner;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.TemplatePreviewer;
import tunebench.engine.model.tokenizer.TextTokenizer;

/** The length chart's numbers: every example counted as training would, edits recounted alone. */
class LengthsViewModelTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private DatasetViewModel vm;
    private LengthsViewModel lengths;

    @BeforeEach
    void setUp() throws IOException {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        var runner = new CurrentThreadTaskRunner();
        workbench = new Workbench(runner, prefs,
                new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets"))), tmp);
        vm = new DatasetViewModel(workbench);
        lengths = new LengthsViewModel(vm, new ModelTokenizer(workbench), Duration.ZERO, Runnable::run);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("{\"instruction\": \"Repeat " + i + "\", \"output\": \"" + "la ".repeat(i) + "end\"}");
        }
        lines.add("{\"instruction\": \"no answer\"}");
        vm.files().open(Files.writeString(tmp.resolve("data.jsonl"), String.join("\n", lines) + "\n"));
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void withoutAModelThereIsNoChartAndASentence() {
        assertEquals(LengthHistogramData.EMPTY, lengths.histogramProperty().get());
        assertTrue(lengths.messageProperty().get().startsWith("No model is open"));
    }

    @Test
    void countsEveryUsableExampleAsTheEncoderDoes() throws IOException {
        workbench.model().open(Path.of("assets", "models", "tunebench-tiny"));
        LengthHistogramData h = lengths.histogramProperty().get();
        assertEquals(300, h.examples());
        assertTrue(h.done());
        assertEquals(300, lengths.lastCounted());
        int[] expected = expected();
        int over = 0;
        for (int n : expected) {
            over += n > 512 ? 1 : 0;
        }
        assertTrue(over > 0 && over < 300, "over " + over);
        assertEquals(over, h.over());
        assertBins(h, expected);
        assertEquals(String.format("%d of 300 examples over 512 tokens", over), h.title());
    }

    @Test
    void anEditRecountsOnlyThatExample() {
        workbench.model().open(Path.of("assets", "models", "tunebench-tiny"));
        int before = lengths.histogramProperty().get().longest();
        vm.editText(vm.rows().get(0), "output", "la ".repeat(1000));
        assertEquals(1, lengths.lastCounted());
        assertTrue(lengths.histogramProperty().get().longest() > before);
    }

    @Test
    void aNewMaxLengthMovesTheCountWithoutRecounting() {
        workbench.model().open(Path.of("assets", "models", "tunebench-tiny"));
        int counted = lengths.lastCounted();
        lengths.maxLengthProperty().set(100_000);
        assertEquals(0, lengths.histogramProperty().get().over());
        assertEquals(counted, lengths.lastCounted());
    }

    private int[] expected() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(Path.of("assets", "models", "tunebench-tiny"))) {
            TemplatePreviewer p = TemplatePreviewer.forFormat(tok, DataFormat.ALPACA);
            return vm.rows().stream().limit(300)
                    .map(r -> ExampleSet.of(List.of(r.record()), DataFormat.ALPACA).examples().get(0))
                    .mapToInt(e -> p.preview(e.conversation()).tokens()).toArray();
        }
    }

    private static void assertBins(LengthHistogramData h, int[] lengths) {
        int[] bins = new int[h.counts().length];
        for (int n : lengths) {
            bins[n / h.width()]++;
        }
        assertEquals(java.util.Arrays.toString(bins), java.util.Arrays.toString(h.counts()));
    }

    @Test
    void aPreferencePairIsAsLongAsItsLongerSide() throws IOException {
        String shortPair = "{\"prompt\": \"Hi?\", \"chosen\": \"Hello.\", \"rejected\": \"Go.\"}";
        String longRejected = "{\"prompt\": \"Hi?\", \"chosen\": \"Hello.\", \"rejected\": \""
                + "blah ".repeat(400) + "\"}";
        vm.files().open(Files.writeString(tmp.resolve("pairs.jsonl"), shortPair + "\n" + longRejected + "\n"));
        workbench.model().open(Path.of("assets", "models", "tunebench-tiny"));

        var problems = lengths.tooLong();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(2, problems.get(0).line(), "the chosen reply is short, the rejected one is not");
    }
}
