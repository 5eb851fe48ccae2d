package tunebench.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.LoraMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.config.RunConfigJson;

/** The form's DPO entry without a JavaFX toolkit: home is the project folder. */
class TrainDpoTest {

    private static final Path DPO = Path.of("sample-data/runs/dpo.json");

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

    /** The sample continues runs/sft-lora's adapter, which a checkout lacks: point it at one. */
    private void openSampleWithAdapter() throws Exception {
        Path adapter = Files.createDirectories(tmp.resolve("sft-adapter"));
        Files.writeString(adapter.resolve("adapter_config.json"), "{}");
        vm.open(DPO);
        vm.form().text("method.init_adapter").set(adapter.toString());
    }

    @Test
    void dpoConfigRoundTripsThroughTheForm() throws Exception {
        RunConfig sample = RunConfigJson.read(DPO);
        vm.open(DPO);
        assertNull(vm.errorProperty().get());
        assertEquals(sample, vm.config());
        assertEquals("DPO (preference pairs)", vm.form().method().label());
        Path saved = tmp.resolve("dpo.json");
        vm.save(saved);
        assertEquals(sample, RunConfigJson.read(saved));
        assertEquals(RunConfigJson.toJson(sample), Files.readString(saved));
    }

    @Test
    void theFormsFieldsBuildTheDpoRecord() throws Exception {
        openSampleWithAdapter();
        vm.form().text("method.beta").set("0.25");
        vm.form().text("method.loss_type").set("ipo");
        vm.form().text("method.max_prompt_length").set("32");
        vm.form().text("method.r").set("4");
        vm.form().disableDropout().set(false);
        DpoMethod d = (DpoMethod) vm.config().method();
        assertEquals(0.25, d.beta());
        assertEquals("ipo", d.lossType());
        assertEquals(32, d.maxPromptLength());
        assertEquals(4, d.r());
        assertFalse(d.disableDropout());
        assertEquals(DpoMethod.LORA, d.adapter());
        assertEquals(RunConfigJson.read(DPO).method().type(), d.type());
    }

    @Test
    void problemsMarkTheDpoFields() throws Exception {
        openSampleWithAdapter();
        assertEquals(java.util.List.of(), java.util.List.copyOf(vm.problems().keySet()),
                vm.problemSummaryProperty().get());
        vm.form().text("method.beta").set("0");
        vm.form().text("method.loss_type").set("hinge");
        vm.form().text("method.label_smoothing").set("0.1");
        vm.form().text("method.max_prompt_length").set("128"); // not below data.max_length 128
        vm.form().text("method.rpo_alpha").set("x");
        vm.form().text("method.alpha").set("-1");
        assertTrue(vm.problems().get("method.beta").startsWith("must be a positive number"));
        assertEquals("applies to the sigmoid loss only", vm.problems().get("method.label_smoothing"));
        assertTrue(vm.problems().get("method.max_prompt_length").startsWith("must be below data.max_length"),
                vm.problems().get("method.max_prompt_length"));
        assertEquals("“x” is not a number", vm.problems().get("method.rpo_alpha"));
        assertNotNull(vm.problems().get("method.alpha"));
        assertFalse(vm.canStartProperty().get());

        vm.form().text("method.init_adapter").set(tmp.resolve("nowhere").toString());
        assertTrue(vm.problems().get("method.init_adapter").startsWith("no PEFT adapter"));
    }

    @Test
    void dpoFieldsThatDoNotParseDoNotBlockAnotherMethod() throws Exception {
        openSampleWithAdapter();
        vm.form().text("method.beta").set("x");
        assertEquals("“x” is not a number", vm.problems().get("method.beta"));
        vm.form().text("method.type").set(LoraMethod.TYPE);
        assertNull(vm.problems().get("method.beta"));
        assertTrue(vm.config().method() instanceof LoraMethod);
    }

    @Test
    void trainableCountAndMemoryWorkForDpo() throws Exception {
        openSampleWithAdapter();
        vm.form().text("method.type").set(LoraMethod.TYPE);
        String lora = vm.trainableTextProperty().get();
        vm.form().text("method.type").set(DpoMethod.TYPE);
        assertEquals(lora, vm.trainableTextProperty().get(), "DPO trains the same adapter");
        assertTrue(lora.startsWith("Trainable parameters: ") && lora.contains("%"), lora);
        assertNotNull(vm.memory().cpuProperty().get(), vm.memory().cpuTextProperty().get());
        assertTrue(vm.memory().cpuProperty().get().notes().stream()
                .anyMatch(n -> n.startsWith("DPO reference")));

        vm.form().text("method.adapter").set(DpoMethod.FULL);
        vm.form().text("method.init_adapter").set("");
        vm.form().text("method.r").set("not read while the whole model trains");
        assertEquals(java.util.List.of(), java.util.List.copyOf(vm.problems().keySet()),
                vm.problemSummaryProperty().get());
        assertEquals(DpoMethod.FULL, ((DpoMethod) vm.config().method()).adapter());
        assertTrue(vm.trainableTextProperty().get().contains("(100"), vm.trainableTextProperty().get());
        assertTrue(vm.memory().cpuProperty().get().notes().stream()
                .anyMatch(n -> n.startsWith("DPO reference: a frozen copy of the whole model")));
    }
}
