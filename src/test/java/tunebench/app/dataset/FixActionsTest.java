package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;

/** The whole-file checks and the Fix menu without a toolkit: every check and write on the test thread. */
class FixActionsTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private DatasetViewModel vm;
    private FixActions fixes;
    private Path flawed;

    @BeforeEach
    void setUp() throws IOException {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        var runner = new CurrentThreadTaskRunner();
        workbench = new Workbench(runner, prefs,
                new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets"))), tmp);
        vm = new DatasetViewModel(workbench, new Autosave.Setup(new AutosaveStore(tmp.resolve("autosave")),
                new ManualThreads(), java.time.Duration.ofSeconds(3), java.time.Clock.systemUTC()));
        LengthsViewModel lengths = new LengthsViewModel(vm, new ModelTokenizer(workbench), Duration.ZERO, Runnable::run);
        fixes = new FixActions(vm, new FileChecks(vm, lengths, Duration.ZERO));
        flawed = Files.copy(Path.of("sample-data", "flawed.jsonl"), tmp.resolve("flawed.jsonl"));
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private DatasetRow atLine(int line) {
        return vm.rows().stream().filter(r -> r.record().line() == line).findFirst().orElseThrow();
    }

    private List<Integer> problemLines() {
        return vm.problemRows().stream().map(r -> r.record().line()).toList();
    }

    @Test
    void openingTheFlawedSampleFindsItsDuplicatesBesideTheRecordProblems() {
        vm.files().open(flawed);

        assertEquals(List.of(4, 7, 10, 13, 16, 22, 25, 28), problemLines());
        RowProblem duplicate = atLine(13).problems().get(0);
        assertEquals(DataProblem.DUPLICATE, duplicate.problem().kind());
        assertSame(atLine(2), duplicate.related());
        RowProblem near = atLine(16).problems().get(0);
        assertEquals(DataProblem.NEAR_DUPLICATE, near.problem().kind());
        assertSame(atLine(5), near.related());
        assertEquals("32 examples · 8 problems", vm.summaryProperty().get());
        assertEquals("", workbench.activityTextProperty().get(), "the status bar is idle again");
        assertEquals("Remove 1 exact duplicate", fixes.duplicatesTextProperty().get());
        assertEquals("Keep one of each near-duplicate cluster (removes 1)", fixes.nearTextProperty().get());
        assertTrue(fixes.canRemoveDuplicatesProperty().get());
    }

    @Test
    void withTheModelOpenTheLongExampleIsTooLongForItsMaxLength() throws IOException {
        vm.files().open(flawed);
        workbench.model().open(Path.of("assets", "models", "tunebench-tiny"));

        assertTrue(problemLines().contains(19), problemLines().toString());
        DataProblem tooLong = atLine(19).problem();
        assertEquals(DataProblem.TOO_LONG, tooLong.kind());
        assertTrue(tooLong.message().matches("[0-9,]+ tokens \\(tunebench-tiny, \\w+ template\\), over the max"
                + " length of 512: training cuts the rest"), tooLong.message());
        assertEquals(DataProblem.DUPLICATE, atLine(13).problem().kind(), "the duplicates stay");
        vm.editText(atLine(19), "output", "short now");
        assertFalse(problemLines().contains(19), "counted again after the edit");
    }

    @Test
    void anEditedDuplicateIsNoLongerOneAndTheFixWaitsForTheCheck() {
        vm.files().open(flawed);

        vm.editText(atLine(13), "output", "something else entirely");

        assertFalse(atLine(13).hasProblem(DataProblem.DUPLICATE));
        assertEquals("No exact duplicates", fixes.duplicatesTextProperty().get());
        assertFalse(fixes.canRemoveDuplicatesProperty().get());
    }

    @Test
    void removingDuplicatesIsOneEditThatUndoBringsBack() {
        vm.files().open(flawed);
        DatasetRow duplicate = atLine(13);

        fixes.removeDuplicates();

        assertEquals(31, vm.rows().size());
        assertFalse(vm.rows().contains(duplicate));
        assertEquals("Removed 1 exact duplicate (line 13). Undo brings it back; Save writes the file.",
                fixes.messageProperty().get());
        assertEquals("Undo removal of 1 exact duplicate", vm.undoTextProperty().get());
        assertEquals("No exact duplicates", fixes.duplicatesTextProperty().get());
        assertFalse(fixes.canRemoveDuplicatesProperty().get());
        assertTrue(vm.dirtyProperty().get());
        vm.undo();
        assertEquals(32, vm.rows().size());
        assertSame(duplicate, vm.rows().get(12));
        assertTrue(duplicate.hasProblem(DataProblem.DUPLICATE), "checked again");
        assertFalse(vm.dirtyProperty().get());
    }

    @Test
    void keepingOneOfEachNearDuplicateClusterRemovesTheLaterOne() {
        vm.files().open(flawed);
        DatasetRow first = atLine(5);

        fixes.keepOnePerCluster();

        assertEquals(31, vm.rows().size());
        assertTrue(vm.rows().contains(first));
        assertTrue(vm.rows().stream().noneMatch(r -> r.record().line() == 16));
        assertEquals("Removed 1 near duplicate (line 16), keeping the first example of its cluster."
                + " Undo brings it back; Save writes the file.", fixes.messageProperty().get());
        assertEquals("No near duplicates", fixes.nearTextProperty().get());
        assertTrue(atLine(13).hasProblem(DataProblem.DUPLICATE), "exact duplicates are another fix");
    }

    @Test
    void shuffleIsSeededAndUndoPutsBackTheOrder() {
        vm.files().open(flawed);
        List<DatasetRow> before = List.copyOf(vm.rows());

        fixes.shuffle(42);
        List<DatasetRow> shuffled = List.copyOf(vm.rows());
        assertNotEquals(before, shuffled);
        assertEquals(new HashSet<>(before), new HashSet<>(shuffled));
        assertEquals("Shuffled 32 examples with seed 42. Undo puts back the order; Save writes the file.",
                fixes.messageProperty().get());
        assertEquals(List.of(1, 2, 3), vm.rows().stream().limit(3).map(DatasetRow::number).toList());
        vm.undo();
        assertEquals(before, vm.rows());
        vm.redo();
        assertEquals(shuffled, vm.rows(), "the same seed, the same order");
    }

    @Test
    void splitWritesTwoFilesWhoseUnionIsTheRowsAndNeverTheOpenFile() throws IOException {
        vm.files().open(flawed);
        vm.editText(atLine(2), "output", "an unsaved edit");
        FixFiles files = fixes.files();
        assertTrue(files.unsaved());
        Path train = files.sibling("train");
        Path val = files.sibling("val");
        assertEquals(tmp.resolve("flawed.train.jsonl"), train);

        fixes.split(train, val, 0.1, 42);

        assertEquals("Wrote 28 training and 4 validation examples to flawed.train.jsonl and flawed.val.jsonl.",
                fixes.messageProperty().get());
        List<String> lines = new ArrayList<>(Files.readAllLines(train));
        lines.addAll(Files.readAllLines(val));
        List<String> rows = vm.rows().stream().map(r -> r.record().compactJson()).toList();
        assertEquals(rows.size(), lines.size());
        assertEquals(Set.copyOf(rows), Set.copyOf(lines.stream().map(l -> l.startsWith("{") && l.endsWith("}")
                ? DatasetRecord.parse(l, 1).compactJson() : l).toList()));
        assertTrue(lines.stream().anyMatch(l -> l.contains("an unsaved edit")), "the rows as they are now");

        assertNotNull(files.refusal(flawed, val));
        assertNotNull(files.refusal(val, val));
        assertNull(files.refusal(train, val));
        List<String> original = Files.readAllLines(flawed);
        fixes.split(flawed, tmp.resolve("other.jsonl"), 0.1, 42);
        assertTrue(fixes.failedProperty().get());
        assertTrue(fixes.messageProperty().get().contains("is the open dataset"), fixes.messageProperty().get());
        assertEquals(original, Files.readAllLines(flawed));
    }

    @Test
    void splitIsStratifiedWhenTheRowsHaveCategories() throws IOException {
        Path chat = Files.copy(Path.of("sample-data", "flawed-chat.jsonl"), tmp.resolve("chat.jsonl"));
        vm.files().open(chat);
        assertEquals(4, fixes.files().categories());

        fixes.split(tmp.resolve("a.jsonl"), tmp.resolve("b.jsonl"), 0.2, 7);

        assertTrue(fixes.messageProperty().get().contains("(stratified by 4 categories)"), fixes.messageProperty().get());
    }

    @Test
    void convertingToMessagesKeepsEveryReadableExample() throws IOException {
        vm.files().open(flawed);
        assertFalse(FixFiles.targets(DataFormat.ALPACA).contains(DataFormat.ALPACA));
        Path out = fixes.files().convertTarget(DataFormat.MESSAGES);
        assertEquals(tmp.resolve("flawed.messages.jsonl"), out);

        fixes.convert(DataFormat.MESSAGES, out);

        assertFalse(fixes.failedProperty().get(), fixes.messageProperty().get());
        assertTrue(fixes.messageProperty().get().startsWith("Wrote "), fixes.messageProperty().get());
        assertEquals(out, fixes.openableProperty().get());
        ExampleSet before = ExampleSet.read(DatasetDocument.read(flawed));
        ExampleSet after = ExampleSet.read(DatasetDocument.read(out));
        assertEquals(DataFormat.MESSAGES, after.format());
        assertEquals(before.examples().stream().map(Example::messages).toList(),
                after.examples().stream().map(Example::messages).toList());
    }

    @Test
    void convertingToPreferencePairsIsRefusedWithTheConvertersSentence() {
        vm.files().open(flawed);
        Path out = tmp.resolve("pairs.jsonl");

        fixes.convert(DataFormat.PREFERENCE, out);

        assertTrue(fixes.failedProperty().get());
        assertTrue(fixes.messageProperty().get().startsWith("Cannot convert: cannot convert Alpaca to preference pairs"),
                fixes.messageProperty().get());
        assertFalse(Files.exists(out));
        assertNull(fixes.openableProperty().get());
    }
}
