package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import tunebench.engine.train.config.QloraMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;
import tunebench.engine.train.memory.MemoryEstimate;

/** The form's memory estimate and its QLoRA entry, without a JavaFX toolkit. */
class TrainMemoryTest {

    private static final Path QLORA = Path.of("sample-data/runs/qlora.json");

    @TempDir
    Path tmp;

    private Preferences prefs;
    private TrainViewModel vm;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        vm = newViewModel();
    }

    private TrainViewModel newViewModel() {
        CurrentThreadTaskRunner runner = new CurrentThreadTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("none")));
        return new TrainViewModel(new Workbench(runner, prefs, model, Path.of("")),
                new RunMonitor(Runnable::run), Runnable::run);
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    private long total() {
        MemoryEstimate e = vm.memory().cpuProperty().get();
        assertNotNull(e, vm.memory().cpuTextProperty().get());
        return e.totalBytes();
    }

    /** Sets a field and says whether the float32 total moved. */
    private boolean moves(String key, String value) {
        long before = total();
        vm.form().text(key).set(value);
        return total() != before;
    }

    @Test
    void estimateFollowsRankMethodBatchLengthAndCheckpointing() {
        assertTrue(vm.memory().cpuTextProperty().get().startsWith("This computer (float32): "),
                vm.memory().cpuTextProperty().get());
        assertTrue(moves("method.r", "64"));
        assertTrue(moves("schedule.batch_size", "32"));
        assertTrue(moves("data.max_length", "512"));
        assertTrue(moves("method.type", "full"));
        MemoryEstimate full = vm.memory().cpuProperty().get();
        assertEquals(8 * full.totalParameters(), full.optimizer(), "two float32 moments a weight");
        vm.form().text("method.type").set("qlora");
        assertTrue(vm.memory().cpuProperty().get().quantConstants() > 0);
        long eager = total();
        vm.form().gradientCheckpointing().set(true);
        assertTrue(total() < eager, "checkpointing keeps one layer's activations, not all");
    }

    @Test
    void gpuVerdictFollowsTheChosenDeviceSizeAndRemembersIt() {
        vm.form().text("method.type").set("full");
        vm.form().text("schedule.batch_size").set("64");
        vm.form().text("data.max_length").set("512");
        vm.memory().deviceGbProperty().set(8);
        assertTrue(vm.memory().gpuTextProperty().get().startsWith("On a 8 GB GPU in 16-bit: needs "),
                vm.memory().gpuTextProperty().get());
        vm.memory().deviceGbProperty().set(80);
        assertTrue(vm.memory().gpuTextProperty().get().contains("fits on 80 GB with "),
                vm.memory().gpuTextProperty().get());
        assertEquals(80, newViewModel().memory().deviceGbProperty().get(), "kept in the preferences");
    }

    @Test
    void pagedOptimizerMovesOnlyTheGpuEstimate() {
        vm.form().text("method.type").set("full");
        long cpu = total();
        long gpu = vm.memory().gpuProperty().get().optimizer();
        vm.form().pagedOptimizer().set(true);
        assertEquals(cpu, total(), "on the CPU the moments are in RAM either way");
        assertTrue(vm.memory().gpuProperty().get().optimizer() < gpu);
    }

    @Test
    void anUnreadableBatchSizeHidesTheEstimateWithASentence() {
        vm.form().text("schedule.batch_size").set("x");
        assertNull(vm.memory().cpuProperty().get());
        assertEquals("Shown once the method, batch size and max length are valid",
                vm.memory().cpuTextProperty().get());
    }

    @Test
    void qloraConfigRoundTripsThroughTheForm() throws Exception {
        RunConfig sample = RunConfigJson.read(QLORA);
        vm.open(QLORA);
        assertEquals(sample, vm.config());
        assertEquals("QLoRA (4-bit base)", vm.form().method().label());
        Path saved = tmp.resolve("qlora.json");
        vm.save(saved);
        assertEquals(sample, RunConfigJson.read(saved));
    }

    @Test
    void doubleQuantizationIsReadAndWrittenByTheForm() throws Exception {
        vm.open(QLORA);
        vm.form().doubleQuant().set(false);
        QloraMethod q = (QloraMethod) vm.config().method();
        assertEquals(false, q.doubleQuant());
        assertEquals(16, q.r());
        long single = vm.memory().cpuProperty().get().quantConstants();
        vm.form().doubleQuant().set(true);
        assertTrue(vm.memory().cpuProperty().get().quantConstants() < single);
        Path saved = tmp.resolve("dq.json");
        vm.save(saved);
        assertTrue(Files.readString(saved).contains("\"double_quant\": true"), Files.readString(saved));
    }

    @Test
    void qloraCountsTheAdapterAsTrainable() {
        vm.form().text("method.type").set("lora");
        String lora = vm.trainableTextProperty().get();
        vm.form().text("method.type").set("qlora");
        assertEquals(lora, vm.trainableTextProperty().get());
        assertNotEquals("Trainable parameters: shown once the method's settings are valid", lora);
    }
}
