package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DatasetStats;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.TemplatePreviewer;
import tunebench.engine.data.TemplateTokenCounter;
import tunebench.engine.data.TokenCounter;

/** The Stats tab's numbers against {@code data stats} computed directly, on the test thread. */
class StatsViewModelTest {

    private static final Path TINY = Path.of("assets", "models", "tunebench-tiny");

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private DatasetViewModel vm;
    private StatsViewModel stats;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        var runner = new CurrentThreadTaskRunner();
        workbench = new Workbench(runner, prefs,
                new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets"))), tmp);
        vm = new DatasetViewModel(workbench);
        ModelTokenizer tokens = new ModelTokenizer(workbench);
        LengthsViewModel lengths = new LengthsViewModel(vm, tokens, Duration.ZERO, Runnable::run);
        new FileChecks(vm, lengths, Duration.ZERO); // the whole-file problems, as on the screen
        stats = new StatsViewModel(vm, tokens, Duration.ZERO, Runnable::run);
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private Path open(String sample) throws IOException {
        Path file = Files.copy(Path.of("sample-data", sample), tmp.resolve(sample));
        vm.files().open(file);
        return file;
    }

    private static DatasetStats direct(Path file, Optional<TokenCounter> counter) throws IOException {
        return DatasetStats.of(ExampleSet.read(DatasetDocument.read(file)), counter);
    }

    @Test
    void withNothingOpenThereAreNoStatsAndASentence() {
        assertNull(stats.statsProperty().get());
        assertTrue(stats.messageProperty().get().startsWith("No examples yet"), stats.messageProperty().get());
    }

    @Test
    void flawedChatCountsAsDataStatsAndItsProblemsAsTheProblemsTab() throws IOException {
        Path file = open("flawed-chat.jsonl");

        DatasetStats s = stats.statsProperty().get();
        DatasetStats expected = direct(file, Optional.empty());
        assertEquals(expected, s);
        assertEquals(34, s.records());
        assertEquals("words", s.unit());
        assertEquals(List.of("geography", "animals", "arithmetic", "colors"), List.copyOf(s.categories().keySet()));
        assertEquals(1, s.categories().get("colors"));
        assertEquals(List.of("Whole example", "User", "Assistant", "System"),
                StatsViewModel.fieldsOf(s).stream().map(StatsViewModel.Field::label).toList());
        assertEquals("", stats.messageProperty().get());
        assertTrue(stats.unitProperty().get().startsWith("Lengths in words. Open a model"), stats.unitProperty().get());

        Map<String, Integer> byKind = stats.problemsProperty().get();
        assertEquals(1, byKind.get(DataProblem.IMBALANCE), byKind.toString());
        assertEquals(4, byKind.get(DataProblem.BAD_TURNS), byKind.toString());
        assertEquals(1, byKind.get(DataProblem.WRONG_TYPE), byKind.toString());
        Map<String, Integer> listed = new LinkedHashMap<>();
        vm.filter().problemEntries().forEach(p -> listed.merge(p.problem().kind(), 1, Integer::sum));
        assertEquals(listed, byKind);
        assertEquals(DataProblem.ORDER.stream().filter(byKind::containsKey).toList(), List.copyOf(byKind.keySet()));
    }

    @Test
    void instructionsInWordsWithoutAModel() throws IOException {
        Path file = open("instructions.json");

        DatasetStats s = stats.statsProperty().get();
        assertEquals(direct(file, Optional.empty()), s);
        assertEquals(1200, s.examples());
        assertTrue(s.categories().isEmpty());
        assertEquals(0, stats.lastTokenized());
        assertEquals(157, stats.problemsProperty().get().get(DataProblem.NEAR_DUPLICATE), "as the validator finds them");
        assertEquals(vm.filter().problemEntries().size(), stats.problemsProperty().get().get(DataProblem.NEAR_DUPLICATE));
    }

    @Test
    void instructionsInTheTinyModelsTokensThenAnEditRetokenizesOnlyWhatChanged() throws IOException {
        Path file = open("instructions.json");
        workbench.model().open(TINY);

        DatasetStats s = stats.statsProperty().get();
        assertEquals("tokens", s.unit());
        try (TemplateTokenCounter counter = TemplateTokenCounter.open(TINY, Optional.empty(), Optional.of(DataFormat.ALPACA))) {
            assertEquals(direct(file, Optional.of(counter)), s);
            assertTrue(s.lengths().get("example").median() > s.lengths().get("assistant").median());
            assertTrue(stats.unitProperty().get().startsWith("Lengths in " + counter.describe()), stats.unitProperty().get());
            int everything = stats.lastTokenized();
            assertTrue(everything > 2400, "fields and examples of 1,200 records: " + everything);

            vm.editText(vm.rows().get(0), "output", "word ".repeat(400).strip());
            assertEquals(2, stats.lastTokenized(), "the new output and its whole example");
            DatasetStats after = stats.statsProperty().get();
            List<DatasetRecord> edited = vm.rows().stream().map(DatasetRow::record).toList();
            assertEquals(DatasetStats.of(ExampleSet.of(edited, DataFormat.ALPACA), Optional.of(counter)), after);
            assertTrue(after.lengths().get("assistant").max() > s.lengths().get("assistant").max());
        }
    }

    @Test
    void aHiddenTabCountsNothingUntilItIsShown() throws IOException {
        stats.activeProperty().set(false);
        Path file = open("flawed-chat.jsonl");
        assertNull(stats.statsProperty().get());
        assertEquals(7, stats.problemsProperty().get().values().stream().mapToInt(Integer::intValue).sum(),
                "problems are counted while hidden: " + stats.problemsProperty().get());

        stats.activeProperty().set(true);
        assertNotNull(stats.statsProperty().get());
        assertEquals(direct(file, Optional.empty()), stats.statsProperty().get());
    }
}
