package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/** The form's reward-model entry without a JavaFX toolkit: home is the project folder. */
class TrainRewardTest {

    private static final Path REWARD = Path.of("sample-data/runs/reward.json");

    @TempDir
    Path tmp;

    private Preferences prefs;
    private TrainViewModel vm;

    @BeforeEach
    void setUp() {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        CurrentThreadTaskRunner runner = new CurrentThreadTaskRunner();
        ModelViewModel model = new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("none")));
        vm = new TrainViewModel(new Workbench(runner, prefs, model, Path.of("")),
                new RunMonitor(Runnable::run), Runnable::run);
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void rewardConfigRoundTripsThroughTheForm() throws Exception {
        RunConfig sample = RunConfigJson.read(REWARD);
        vm.open(REWARD);
        assertNull(vm.errorProperty().get());
        assertEquals(sample, vm.config());
        assertEquals("Reward model (preference pairs)", vm.form().method().label());
        Path saved = tmp.resolve("reward.json");
        vm.save(saved);
        assertEquals(sample, RunConfigJson.read(saved));
        assertEquals(RunConfigJson.toJson(sample), Files.readString(saved));
    }

    @Test
    void theLoraFieldsBuildTheRewardRecord() throws Exception {
        Path adapter = Files.createDirectories(tmp.resolve("sft-adapter"));
        Files.writeString(adapter.resolve("adapter_config.json"), "{}");
        vm.open(REWARD);
        vm.form().text("method.init_adapter").set(adapter.toString());
        vm.form().text("method.r").set("4");
        vm.form().text("method.alpha").set("8");
        RewardMethod m = assertInstanceOf(RewardMethod.class, vm.config().method());
        assertEquals(4, m.r());
        assertEquals(8, m.alpha());
        assertEquals(adapter.toString(), m.initAdapter());

        vm.form().text("method.r").set("0");
        assertNotNull(vm.problems().get("method.r"));
        vm.form().text("method.r").set("4");
        vm.form().text("method.init_adapter").set(tmp.resolve("nowhere").toString());
        assertTrue(vm.problems().get("method.init_adapter").startsWith("no PEFT adapter"));
    }

    @Test
    void trainableCountAndMemoryWorkForTheRewardModel() throws Exception {
        vm.open(REWARD);
        vm.form().text("method.init_adapter").set("");
        assertEquals(List.of(), List.copyOf(vm.problems().keySet()), vm.problemSummaryProperty().get());
        String reward = vm.trainableTextProperty().get();
        assertTrue(reward.startsWith("Trainable parameters: "), reward);
        assertNotNull(vm.memory().cpuProperty().get(), vm.memory().cpuTextProperty().get());
        vm.form().text("method.type").set(LoraMethod.TYPE);
        assertNotEquals(reward, vm.trainableTextProperty().get(), "the value head trains too");
    }
}
