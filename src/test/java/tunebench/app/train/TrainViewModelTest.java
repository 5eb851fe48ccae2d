package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import tunebench.app.monitor.RunMonitor;
import tunebench.engine.io.Folders;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.config.RunPresets;
import tunebench.testing.Fixtures;

/**
 * The Train screen's state without a JavaFX toolkit: background work runs on the test thread,
 * a run included. Home is the project folder, so the sample recipe and bundled model load.
 */
class TrainViewModelTest {

    private static final Path SAMPLE = Path.of(TrainViewModel.SAMPLE_CONFIG);

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private TrainViewModel vm;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        CurrentThreadTaskRunner runner = new CurrentThreadTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("none")));
        workbench = new Workbench(runner, prefs, model, Path.of(""));
        vm = new TrainViewModel(workbench, new RunMonitor(Runnable::run), Runnable::run);
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void formRoundTripsTheSampleConfigThroughJson() throws Exception {
        RunConfig sample = RunConfigJson.read(SAMPLE);
        assertEquals(sample, vm.config());

        Path saved = tmp.resolve("saved.json");
        vm.save(saved);
        assertEquals(sample, RunConfigJson.read(saved));
        assertEquals(RunConfigJson.toJson(sample), Files.readString(saved));
    }

    @Test
    void theSampleRecipeIsReadyToStartWithItsParameterCount() {
        assertEquals(List.of(), List.copyOf(vm.problems().keySet()), vm.problemSummaryProperty().get());
        assertTrue(vm.canStartProperty().get());
        assertEquals("Trainable parameters: 448,512 of 5,924,096 (7.57%)", vm.trainableTextProperty().get());
        assertEquals("runs/sft-lora", vm.runFolderProperty().get());
    }

    @Test
    void invalidLearningRateMarksTheFieldAndDisablesStart() {
        vm.form().text("optim.lr").set("fast");
        assertEquals("“fast” is not a number", vm.problems().get("optim.lr"));
        assertFalse(vm.canStartProperty().get());
        assertTrue(vm.problemSummaryProperty().get().startsWith("Fix 1 setting to start: Learning rate"));

        vm.form().text("optim.lr").set("-1");
        assertEquals("must be > 0, got -1.0", vm.problems().get("optim.lr"));

        vm.form().text("optim.lr").set("3e-4");
        assertNull(vm.problems().get("optim.lr"));
        assertTrue(vm.canStartProperty().get());
        assertEquals(3e-4, vm.config().optim().lr());
    }

    @Test
    void trainableCountFollowsRankTargetsAndMethod() {
        vm.form().text("method.r").set("8");
        assertEquals(224_256, vm.trainableProperty().get().trainable());

        vm.form().text("method.r").set("16");
        vm.form().targets().selectAttention();
        assertEquals(172_032, vm.trainableProperty().get().trainable());
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj"),
                ((LoraMethod) vm.config().method()).targetModules());

        vm.form().targets().items().forEach(i -> i.checked().set(false));
        assertNotNull(vm.problems().get("method.target_modules"));
        assertFalse(vm.canStartProperty().get());

        vm.form().text("method.type").set("full");
        assertEquals("Trainable parameters: 5,475,584 of 5,475,584 (100.0%)",
                vm.trainableTextProperty().get());
        assertTrue(vm.canStartProperty().get(), "LoRA settings do not count for full fine-tuning");
    }

    @Test
    void presetChangesTrainingSettingsAndKeepsModelDataAndName() throws Exception {
        Path data = ShortRun.data(tmp);
        vm.form().text("name").set("mine");
        vm.form().text("data.train").set(data.toString());
        RunConfig before = vm.config();

        vm.applyPreset(RunPresets.FULL);

        assertEquals(RunPresets.FULL.applyTo(before), vm.config());
        assertEquals("mine", vm.config().name());
        assertEquals(data.toString(), vm.config().data().train());
        assertEquals(before.model(), vm.config().model());
    }

    @Test
    void followsTheModelAndDatasetScreens() throws Exception {
        Path data = ShortRun.data(tmp);
        workbench.datasetFileProperty().set(data);
        assertEquals(data.toString(), vm.config().data().train());
        assertNull(vm.config().data().validation(), "the sample's eval file goes with the sample data");
        assertEquals(0.1, vm.config().data().validationSplit());

        workbench.model().open(Fixtures.tinyLlama());
        assertEquals(Fixtures.tinyLlama().toAbsolutePath().normalize().toString(),
                vm.config().model().path());
        assertEquals(LoraMethod.DEFAULT_TARGET_MODULES,
                vm.form().targets().items().stream().map(TargetModules.Item::name).toList());
        assertEquals(2 * 16 * (3 * (64 + 176) + 2 * (64 + 64) + 2 * (64 + 32)),
                vm.trainableProperty().get().trainable());
    }

    @Test
    void aConfigWithAPythonNameIsRefusedNamingOurs() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"optim\": {\"learning_rate\": 1}}");
        vm.open(bad);
        ErrorReport e = vm.errorProperty().get();
        assertEquals("Could not open “bad.json” as a run config.", e.headline());
        assertTrue(e.reason().contains("'optim.lr'"), e.reason());
    }

    /** Every method a run config takes has its entry, so no config loads as another method. */
    @Test
    void aDpoConfigLoadsAsDpo() throws Exception {
        Path dpo = Files.writeString(tmp.resolve("d.json"), "{\"name\": \"d\", \"method\": {\"type\": \"dpo\"}}");
        vm.open(dpo);
        assertNull(vm.errorProperty().get());
        assertEquals(RunConfigJson.read(dpo).method(), vm.config().method());
        assertEquals("DPO (preference pairs)", vm.form().method().label());
    }

    @Test
    void aTakenRunFolderOffersResumeOrAFreeName() throws Exception {
        Files.createDirectories(tmp.resolve("run/checkpoints/step-3"));
        Files.createDirectories(tmp.resolve("run-2"));
        Files.writeString(tmp.resolve("run-2/metrics.jsonl"), "");
        Files.createDirectories(tmp.resolve("run-3")); // empty: free to use
        vm.form().text("output_dir").set(tmp.resolve("run").toString());

        vm.start();

        RunConflict conflict = vm.conflictProperty().get();
        assertEquals(3, conflict.checkpointStep().orElseThrow());
        assertEquals(tmp.resolve("run-3").toString(), conflict.newOutputDir());
        assertEquals(RunState.IDLE, vm.stateProperty().get());
        vm.dismissConflict();
        assertNull(vm.conflictProperty().get());
    }

    /**
     * As after a crash during step 2: the folder holds checkpoint 1 only. Resuming runs on a
     * new thread, which is where PyTorch's per-thread grad mode once broke the restore.
     */
    @Test
    void aRunResumedAfterACrashFinishesWithASummary() throws Exception {
        ShortRun.apply(vm.form(), tmp, 2);
        vm.form().text("checkpoint.every_steps").set("1");
        vm.start(); // the test's task runner runs it to the end right here
        Path run = tmp.resolve("run");
        Folders.deleteTree(run.resolve("checkpoints/step-2"));
        Folders.deleteTree(run.resolve("adapter"));

        vm.start();
        RunConflict conflict = vm.conflictProperty().get();
        assertTrue(conflict.canResume(), conflict.toString());
        assertEquals(1, conflict.checkpointStep().orElseThrow());
        vm.resumeExisting();

        assertNull(vm.errorProperty().get(), () -> vm.errorProperty().get().reason());
        assertEquals(RunState.IDLE, vm.stateProperty().get());
        String summary = vm.summaryProperty().get();
        assertTrue(summary.startsWith("Finished 2 steps in "), summary);
        assertTrue(summary.contains(" · adapter saved in " + run.resolve("adapter")), summary);
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.stream().filter(l -> l.contains("\"loss\"")).count(),
                "step 2 replaces what followed the checkpoint: " + lines);
        assertEquals("", workbench.activityTextProperty().get());
        assertTrue(vm.canStartProperty().get());

        vm.start();
        assertTrue(vm.conflictProperty().get().finished(), "a finished run is not offered for resuming");
        assertFalse(vm.conflictProperty().get().canResume());
    }

    @Test
    void aDivergingRunShowsTheEnginesAdvice() throws Exception {
        ShortRun.apply(vm.form(), tmp, 3);
        vm.form().text("optim.lr").set("1e30");
        vm.form().text("optim.max_grad_norm").set("0");

        vm.start();

        ErrorReport e = vm.errorProperty().get();
        assertEquals("Training “short” stopped with an error.", e.headline());
        assertTrue(e.reason().contains("Lower optim.lr"), e.reason());
        assertEquals(RunState.IDLE, vm.stateProperty().get());
        assertEquals("", workbench.activityTextProperty().get());
    }
}
