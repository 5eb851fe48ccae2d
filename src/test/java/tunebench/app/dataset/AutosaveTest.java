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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.app.CurrentThreadTaskRunner;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.engine.data.DatasetDocument;

/** Unsaved edits survive a crash: autosaved a few seconds after the last edit, offered back on open. */
class AutosaveTest {

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private final ManualThreads threads = new ManualThreads();
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-04T14:03:00Z"), ZoneOffset.UTC);
    private AutosaveStore store;
    private Path flawed;

    @BeforeEach
    void setUp() throws IOException {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        var runner = new CurrentThreadTaskRunner();
        workbench = new Workbench(runner, prefs,
                new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets"))), tmp);
        store = new AutosaveStore(tmp.resolve("app-data/autosave"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        flawed = Files.copy(Path.of("sample-data", "flawed.jsonl"), data.resolve("flawed.jsonl"));
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    /** A fresh view-model, as after a restart, sharing the autosave folder. */
    private DatasetViewModel session() {
        DatasetViewModel vm = new DatasetViewModel(workbench, new Autosave.Setup(store, threads, Duration.ofSeconds(3), clock));
        vm.files().open(flawed);
        assertNull(vm.files().errorMessageProperty().get(), vm.files().errorReasonProperty().get());
        return vm;
    }

    /** Three kinds of edit: a field typed in (two keystrokes, one edit), a row deleted, a row added. */
    private void edit(DatasetViewModel vm) {
        vm.editText(vm.rows().get(0), "output", "b");
        vm.editText(vm.rows().get(0), "output", "blood, yellow");
        vm.deleteRows(List.of(vm.rows().get(2)));
        DatasetRow added = vm.addRow(null);
        vm.editText(added, "instruction", "Name a bird.");
    }

    @Test
    void theEditorRecoversUnsavedEditsAfterASimulatedCrash() throws IOException {
        DatasetViewModel crashed = session();
        edit(crashed);
        assertFalse(store.exists(flawed), "nothing is written before the wait ends");
        threads.elapse();
        assertTrue(store.exists(flawed));
        assertEquals("Autosaved 14:03", crashed.files().autosave().statusProperty().get());
        List<String> expected = crashed.rows().stream().map(r -> r.record().compactJson()).toList();
        String original = Files.readString(flawed);
        // The crash: the view-model is dropped with its edits unsaved.

        DatasetViewModel vm = session();
        RecoveryOffer offer = vm.files().autosave().offerProperty().get();
        assertNotNull(offer, "recovery is offered");
        assertEquals(4, offer.edits(), "typing into one field is one edit");
        assertFalse(offer.changedOnDisk());
        assertEquals("Tunebench closed with unsaved edits to flawed.jsonl (autosaved 14:03, 4 edits)."
                + " Recover them?", vm.files().autosave().offerText());
        assertFalse(vm.dirtyProperty().get(), "the file as read until the user decides");
        assertEquals(32, vm.rows().size());
        DatasetRow untouched = vm.rows().get(1);

        vm.files().autosave().recover();

        assertEquals(expected, vm.rows().stream().map(r -> r.record().compactJson()).toList());
        assertTrue(vm.dirtyProperty().get(), "recovered edits are unsaved");
        assertSame(untouched, vm.rows().get(1), "a row the autosave did not change is the file's own");
        assertEquals("line 1", vm.rows().get(0).lineText(), "an edited row keeps its line");
        assertEquals("new", vm.rows().get(31).lineText());
        assertNull(vm.files().autosave().offerProperty().get());
        assertEquals(original, Files.readString(flawed), "the file itself is untouched");
        vm.undo();
        assertEquals(32, vm.rows().size());
        assertEquals("blood yellow rose parrot salt", vm.rows().get(0).record().text("output"));
        assertFalse(vm.dirtyProperty().get(), "one Undo returns to the file's version");
        vm.redo();
        vm.files().save(null);
        assertFalse(store.exists(flawed), "saving removes the side file");
        assertEquals(expected, DatasetDocument.read(flawed).records().stream().map(r -> r.compactJson()).toList());
    }

    @Test
    void theWaitRestartsWithEachEditAndOnlyUnsavedRowsAreWritten() {
        DatasetViewModel vm = session();
        edit(vm);
        assertEquals(1, threads.timers.size(), "one pending write, restarted by every edit");
        assertEquals(Duration.ofSeconds(3), threads.delays.get(threads.delays.size() - 1));
        vm.undo();
        vm.undo();
        vm.undo();
        vm.undo();
        assertFalse(vm.dirtyProperty().get());
        assertTrue(threads.timers.isEmpty(), "back to the file: nothing to write");
        vm.files().autosave().flush();
        assertFalse(store.exists(flawed));
    }

    @Test
    void discardingTheOfferDeletesTheSideFile() {
        edit(session());
        threads.elapse();

        DatasetViewModel vm = session();
        assertNotNull(vm.files().autosave().offerProperty().get());
        vm.files().autosave().discardRecovery();

        assertFalse(store.exists(flawed));
        assertFalse(Files.exists(store.slot(flawed)), "no folder left behind");
        assertNull(session().files().autosave().offerProperty().get(), "not offered again");
    }

    @Test
    void dontSaveDeletesTheSideFile() {
        DatasetViewModel vm = session();
        edit(vm);
        threads.elapse();
        assertTrue(store.exists(flawed));

        vm.files().discardEdits(); // the view's "Don't Save"

        assertFalse(store.exists(flawed));
    }

    @Test
    void aFileChangedOnDiskSinceStillOffersWithAWarning() throws IOException {
        edit(session());
        threads.elapse();
        Files.writeString(flawed, "{\"instruction\":\"x\",\"input\":\"\",\"output\":\"y\"}\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(flawed, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

        DatasetViewModel vm = session();

        RecoveryOffer offer = vm.files().autosave().offerProperty().get();
        assertNotNull(offer);
        assertTrue(offer.changedOnDisk());
        assertTrue(vm.files().autosave().offerText().contains("flawed.jsonl has changed on disk since"),
                vm.files().autosave().offerText());
        vm.files().autosave().recover();
        assertEquals(32, vm.rows().size(), "the autosaved rows, not the changed file's 33");
        assertTrue(vm.dirtyProperty().get());
    }

    @Test
    void anAutosaveHoldingWhatTheFileHoldsIsRemovedWithoutAsking() throws IOException {
        DatasetViewModel vm = session();
        edit(vm);
        threads.elapse();
        // Saved some other way (another editor, a save whose delete never ran).
        Path side = store.slot(flawed).resolve("flawed.jsonl");
        Files.copy(side, flawed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertNull(session().files().autosave().offerProperty().get());
        assertFalse(store.exists(flawed));
    }

    @Test
    void decidingLaterKeepsTheAutosaveAndNewEditsDoNotOverwriteIt() throws IOException {
        edit(session());
        threads.elapse();
        Path info = store.slot(flawed).resolve("autosave.json");
        String before = Files.readString(info);

        DatasetViewModel vm = session();
        vm.files().autosave().decideLater();
        vm.editText(vm.rows().get(5), "output", "something else");
        threads.elapse();
        vm.files().autosave().flush();

        assertEquals(before, Files.readString(info));
        assertNotNull(session().files().autosave().offerProperty().get(), "offered again next time");
    }

    @Test
    void sideFilesLiveInTheAppDataFolderNotBesideTheDataset() throws IOException {
        DatasetViewModel vm = session();
        edit(vm);
        threads.elapse();

        try (var beside = Files.list(flawed.getParent())) {
            assertEquals(List.of(flawed), beside.toList());
        }
        assertTrue(store.slot(flawed).startsWith(tmp.resolve("app-data/autosave")));
        String info = Files.readString(store.slot(flawed).resolve("autosave.json"));
        assertTrue(info.contains("\"original\" : \"" + flawed.toString().replace("\\", "\\\\") + "\""), info);
        assertTrue(info.contains("\"edits\" : 4"), info);
        assertTrue(info.contains("\"schemaVersion\" : 1"), info);
    }
}
