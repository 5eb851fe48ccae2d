package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import tunebench.app.Navigation.Section;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.engine.data.DataProblem;
import tunebench.engine.data.DatasetDocument;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.DataFormat;

/** The Dataset screen's state without a JavaFX toolkit: files are read on the test thread. */
class DatasetViewModelTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private DatasetViewModel vm;
    private final List<List<DatasetRow>> shown = new ArrayList<>();
    private Path flawed;

    @BeforeEach
    void setUp() throws IOException {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        var runner = new CurrentThreadTaskRunner();
        workbench = new Workbench(runner, prefs,
                new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets"))), tmp);
        vm = new DatasetViewModel(workbench, new Autosave.Setup(new AutosaveStore(tmp.resolve("autosave")),
                new ManualThreads(), java.time.Duration.ofSeconds(3), java.time.Clock.systemUTC()));
        vm.setOnShowRows(shown::add);
        // As the view builds them: the whole-file checks run on this thread, at once.
        new FileChecks(vm, new LengthsViewModel(vm, new ModelTokenizer(workbench), Duration.ZERO, Runnable::run),
                Duration.ZERO);
        flawed = Files.copy(Path.of("sample-data", "flawed.jsonl"), tmp.resolve("flawed.jsonl"));
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private DatasetRow row(int number) {
        return vm.rows().get(number - 1);
    }

    @Test
    void openingTheFlawedSampleListsItsProblemsByLine() {
        vm.files().open(flawed);

        assertNull(vm.files().errorMessageProperty().get(), vm.files().errorReasonProperty().get());
        assertEquals(32, vm.rows().size());
        assertEquals(List.of(4, 7, 10, 13, 16, 22, 25, 28),
                vm.problemRows().stream().map(r -> r.problem().line()).toList());
        assertEquals(DataProblem.DUPLICATE, row(13).problem().kind());
        assertSame(row(2), row(13).problems().get(0).related());
        assertEquals(DataProblem.NEAR_DUPLICATE, row(16).problem().kind());
        assertSame(row(5), row(16).problems().get(0).related());
        assertEquals(DataProblem.WRONG_TYPE, row(28).problem().kind());
        assertEquals(DataProblem.MALFORMED_JSON, vm.problemRows().get(0).problem().kind());
        assertTrue(row(4).record().isRaw(), "the broken line is a row of its own");
        assertTrue(row(4).problemMessage().startsWith("not valid JSON: Unexpected end-of-input"));
        assertFalse(row(4).problemMessage().contains("Source"), "no parser location note");
        assertEquals("32 examples · 8 problems", vm.summaryProperty().get());
        assertEquals("flawed.jsonl · JSON Lines · Alpaca: instruction, input, output",
                vm.files().subtitleProperty().get());
        assertEquals(DataFormat.ALPACA, vm.formatProperty().get());
        assertEquals(flawed, workbench.datasetFileProperty().get());
        assertEquals("", workbench.activityTextProperty().get(), "the status bar is idle again");
        assertFalse(vm.dirtyProperty().get());
        assertEquals(List.of(row(1)), shown.get(shown.size() - 1), "the first row is selected");
    }

    @Test
    void typingIntoACellIsOneEditThatUndoAndRedoTakeBackAndRestore() {
        vm.files().open(flawed);
        String before = row(2).record().text("output");

        vm.editText(row(2), "output", "owl");
        vm.editText(row(2), "output", "owl horse");

        assertEquals("owl horse", row(2).record().text("output"));
        assertTrue(vm.dirtyProperty().get());
        assertEquals("Undo edit of output in example 2", vm.undoTextProperty().get());
        vm.undo();
        assertEquals(before, row(2).record().text("output"));
        assertFalse(vm.dirtyProperty().get(), "back to what the file holds");
        assertEquals("Redo edit of output in example 2", vm.redoTextProperty().get());
        vm.redo();
        assertEquals("owl horse", row(2).record().text("output"));
        assertTrue(vm.dirtyProperty().get());
    }

    @Test
    void emptyingAFieldAddsAProblemAndFillingItRemovesIt() {
        vm.files().open(flawed);

        vm.editText(row(1), "output", "  ");
        assertEquals(1, vm.problemRows().get(0).number());
        assertEquals(DataProblem.EMPTY_FIELD, row(1).problem().kind());
        vm.editText(row(10), "output", "cat fig pear");
        vm.editText(row(7), "output", "Green.");

        assertNull(row(7).problem());
        assertNull(row(10).problem());
        assertEquals(List.of(1, 4, 13, 16, 22, 25, 28), vm.problemRows().stream().map(DatasetRow::number).toList());
    }

    @Test
    void fixingTheBrokenLineAsJsonMakesItARecordButAGoodRecordIsNeverBroken() {
        vm.files().open(flawed);
        DatasetRow broken = row(4);

        String error = vm.editJson(broken, broken.record().json() + "}");

        assertNull(error);
        assertFalse(broken.record().isRaw());
        assertNull(broken.problem());
        assertEquals("The capital of Peru is Lima.", broken.record().text("output"));
        DatasetRecord good = row(1).record();
        assertNotNull(vm.editJson(row(1), "{\"instruction\": "));
        assertSame(good, row(1).record());
    }

    @Test
    void deletedRowsComeBackWhereTheyWereAndNewRowsAreEmptyExamples() {
        vm.files().open(flawed);
        DatasetRow first = row(1);
        DatasetRow third = row(3);

        vm.deleteRows(List.of(third, first));
        assertEquals(30, vm.rows().size());
        assertEquals(1, row(1).number());
        assertEquals("line 2", row(1).lineText());
        vm.undo();
        assertSame(first, row(1));
        assertSame(third, row(3));
        assertEquals(List.of(first, third), shown.get(shown.size() - 1));

        DatasetRow added = vm.addRow(row(1));
        assertSame(added, row(2));
        assertEquals("new", added.lineText());
        assertEquals(DataProblem.EMPTY_FIELD, added.problem().kind());
        vm.duplicateRows(List.of(row(5), row(3)));
        assertEquals(35, vm.rows().size());
        assertEquals(row(3).record().json(), row(6).record().json());
        assertEquals(row(5).record().json(), row(7).record().json());
    }

    @Test
    void savingWritesTheEditsAndTheBrokenLineAndRenumbersRows() throws IOException {
        vm.files().open(flawed);
        vm.editText(row(1), "output", "edited answer");
        vm.deleteRows(List.of(row(2)));
        DatasetRow added = vm.addRow(null);
        vm.editText(added, "instruction", "Name a bird.");
        vm.editText(added, "output", "An owl.");

        vm.files().save(null);

        assertFalse(vm.dirtyProperty().get());
        assertNull(vm.files().errorMessageProperty().get(), vm.files().errorReasonProperty().get());
        DatasetDocument reread = DatasetDocument.read(flawed);
        assertEquals(32, reread.records().size());
        assertEquals("edited answer", reread.records().get(0).text("output"));
        assertEquals("Name a bird.", reread.records().get(31).text("instruction"));
        assertTrue(reread.records().get(2).isRaw(), "the broken line is kept, one line up");
        assertEquals("line 32", added.lineText());
        // Line 2 is deleted, so the old line 13 (now 12) repeats nothing any more.
        assertEquals(List.of(3, 6, 9, 15, 21, 24, 27),
                vm.problemRows().stream().map(r -> r.problem().line()).toList());
        vm.undo();
        assertTrue(vm.dirtyProperty().get(), "undoing past a save leaves unsaved changes");
    }

    @Test
    void saveAsJsonWritesAnArrayAndBecomesTheWorkbenchDataset() throws IOException {
        vm.files().open(Path.of("sample-data", "instructions.jsonl"));
        assertEquals(DataFormat.MESSAGES, vm.formatProperty().get());
        Path target = tmp.resolve("chat.json");

        vm.files().saveAs(target, null);

        assertEquals(target, vm.files().fileProperty().get());
        assertEquals(target, workbench.datasetFileProperty().get());
        assertTrue(Files.readString(target).startsWith("[ {"));
        assertEquals(1200, DatasetDocument.read(target).records().size());
    }

    @Test
    void conversationTurnsAreEditedAddedAndRemovedUndoably() {
        vm.files().open(Path.of("sample-data", "instructions.jsonl"));
        DatasetRow chat = row(1);
        String original = chat.record().json();
        int turns = chat.record().turns(DataFormat.MESSAGES).orElseThrow().size();

        vm.editTurn(chat, 0, "user", "What is two plus two?");
        vm.addTurn(chat);
        vm.editTurn(chat, turns, "user", "And three?");
        vm.removeTurn(chat, turns - 1);

        var now = chat.record().turns(DataFormat.MESSAGES).orElseThrow();
        assertEquals(turns, now.size());
        assertEquals("What is two plus two?", now.get(0).content());
        assertEquals("user", now.get(turns - 1).role(), "a new turn answers the assistant");
        assertEquals("And three?", now.get(turns - 1).content());
        assertEquals(DataProblem.BAD_TURNS, chat.problem().kind(), "no assistant turn left");
        for (int i = 0; i < 4; i++) {
            vm.undo();
        }
        assertEquals(original, chat.record().json());
        assertNull(chat.problem());
    }

    @Test
    void theFilterNarrowsTheTableAndAProblemIsRevealedThroughIt() {
        vm.files().open(flawed);

        vm.filterProperty().set("CAPITAL");
        assertTrue(vm.visibleRows().size() < 32 && !vm.visibleRows().isEmpty());
        assertTrue(vm.summaryProperty().get().startsWith("Showing "), vm.summaryProperty().get());
        vm.reveal(row(7));
        assertEquals("", vm.filterProperty().get());
        vm.problemsOnlyProperty().set(true);
        assertEquals(vm.problemRows(), vm.visibleRows());
    }

    @Test
    void aFileThatCannotBeReadLeavesTheOpenOneAndSaysWhy() {
        vm.files().open(flawed);

        vm.files().open(tmp.resolve("missing.jsonl"));

        assertEquals("Could not open “missing.jsonl”.", vm.files().errorMessageProperty().get());
        assertTrue(vm.files().errorReasonProperty().get().startsWith("No such file"));
        assertFalse(vm.files().errorDetailsProperty().get().contains("\tat "), "no stack trace");
        assertEquals(32, vm.rows().size());
        assertEquals(flawed, workbench.datasetFileProperty().get(), "still the file on show");
        assertFalse(vm.files().busyProperty().get());
    }

    @Test
    void trainOnThisDataSwitchesToTheTrainScreen() {
        vm.trainOnThis();
        assertEquals(Section.TRAIN, workbench.sectionProperty().get());
    }

    @Test
    void aFileWhoseRecordsFitTwoFormatsEquallySaysWhichWasChosen() throws IOException {
        Path tie = Files.writeString(tmp.resolve("tie.jsonl"), "{\"instruction\":\"a\",\"output\":\"b\"}\n"
                + "{\"conversations\":[{\"from\":\"human\",\"value\":\"hi\"},{\"from\":\"gpt\",\"value\":\"yo\"}]}\n");
        vm.files().open(tie);
        assertTrue(vm.files().subtitleProperty().get().endsWith(
                "(the records fit Alpaca and ShareGPT equally; read as Alpaca)"), vm.files().subtitleProperty().get());

        vm.files().open(flawed);
        assertFalse(vm.files().subtitleProperty().get().contains("equally"), "a clear majority is no news");
    }
}
