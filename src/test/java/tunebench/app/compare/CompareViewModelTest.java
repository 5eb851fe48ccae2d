package tunebench.app.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.app.CurrentThreadTaskRunner;
import tunebench.app.Workbench;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.generate.GenerationListener;
import tunebench.engine.generate.GenerationSpec;
import tunebench.engine.generate.Generator;
import tunebench.engine.generate.TokenScorer;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;

/** The Compare screen's state on the fixture model, tasks and updates on the test thread. */
class CompareViewModelTest {

    @TempDir
    Path home;

    private Preferences prefs;
    private Path model;
    private Workbench workbench;
    private CompareViewModel vm;

    @BeforeEach
    void setUp() {
        prefs = CompareFixture.newPrefs();
        model = CompareFixture.install(home);
        workbench = CompareFixture.workbench(new CurrentThreadTaskRunner(), prefs, home, model);
        vm = new CompareViewModel(workbench, Runnable::run);
        vm.rawProperty().set(true);
        vm.sampling().maxNewTokensProperty().set(12);
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void secondColumnStartsOnTheNewestRunsAdapter() {
        assertEquals(List.of(ColumnSource.BASE, ColumnSource.adapter(CompareFixture.ADAPTER_LABEL,
                CompareFixture.adapterDir(home))), vm.columns());
    }

    @Test
    void greedyColumnsEqualWhatTheGeneratorGivesDirectly() throws Exception {
        vm.sampling().greedyProperty().set(true);
        vm.promptTextProperty().set("the hell");

        vm.generate();

        assertNull(vm.statusModel().errorMessageProperty().get(), vm.statusModel().errorReasonProperty().get());
        PromptResult result = vm.comparisonProperty().get().prompt(0);
        try (LoadedModel lm = ModelLoader.load(model)) {
            long[] prompt = lm.tokenizer().orElseThrow().encode("the hell", true);
            long[] base = direct(lm, prompt);
            float[] baseScores = new TokenScorer(lm.model()).logProbs(prompt, base);
            PeftAdapterReader.read(lm.model(), "direct", CompareFixture.adapterDir(home)).activate(false);
            long[] tuned = direct(lm, prompt);

            assertArrayEquals(base, ids(result.output(0)));
            assertArrayEquals(tuned, ids(result.output(1)));
            assertFalse(java.util.Arrays.equals(base, tuned), "the adapter changes the greedy answer");
            Token first = result.output(0).tokens().get(0);
            assertEquals(baseScores[0], first.logProb(), 1e-6, "colours come from teacher-forced scores");
        }
        for (ColumnOutput out : result.outputs()) {
            assertEquals(ColumnOutput.State.DONE, out.stateProperty().get());
            assertTrue(out.tokens().stream().allMatch(Token::scored), "every token is coloured");
            assertEquals(out.result().text(), String.join("", out.tokens().stream().map(Token::text).toList()));
        }
        assertEquals(1, result.output(0).comparedWithProperty().get());
        assertEquals(0, result.output(1).comparedWithProperty().get());
        assertFalse(vm.statusModel().busyProperty().get());
        assertEquals("", workbench.activityTextProperty().get(), "the status bar is idle again");
    }

    @Test
    void sameSeedGivesTheSameSampledAnswersTwice() {
        vm.sampling().temperatureProperty().set(1.0);
        vm.sampling().seedProperty().set(7);
        vm.promptTextProperty().set("hello");

        vm.generate();
        List<String> first = texts();
        vm.generate();
        List<String> again = texts();
        vm.sampling().seedProperty().set(8);
        vm.generate();

        assertEquals(first, again);
        assertNotEquals(first, texts(), "another seed draws other tokens");
    }

    @Test
    void blindChoiceSavesTheRevealedWinnerAsChosen() throws Exception {
        vm.blindProperty().set(true);
        vm.promptTextProperty().set("hello\n---\nthe hell");
        Path file = home.resolve("prefs.jsonl");
        vm.judge().fileProperty().set(file);

        vm.generate();
        Comparison c = vm.comparisonProperty().get();
        PromptResult p0 = c.prompt(0);
        PromptResult p1 = c.prompt(1);
        int[] order0 = p0.blindOrder();
        int[] order1 = p1.blindOrder();
        vm.judge().choose(p0, 1);
        vm.judge().tie(p1);

        assertEquals(order0[1], p0.verdictProperty().get().winner(), "B is the column shown second");
        assertTrue(p1.verdictProperty().get().tie());
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), "a tie saves nothing");
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertEquals(List.of("prompt", "chosen", "rejected"), iterableToList(line.fieldNames()));
        assertEquals("hello", line.get("prompt").asText());
        assertEquals(p0.output(order0[1]).text(), line.get("chosen").asText());
        assertEquals(p0.output(order0[0]).text(), line.get("rejected").asText());
        assertEquals(2, order1.length);
        assertEquals(1, vm.judge().savedPairsProperty().get());
        vm.judge().choose(p0, 0);
        assertEquals(1, Files.readAllLines(file).size(), "a judged prompt cannot be judged again");
    }

    @Test
    void stopEndsTheRunWithTheTokensSoFar() {
        vm = new CompareViewModel(workbench, Runnable::run, 0); // every token reaches the view at once
        vm.rawProperty().set(true);
        vm.sampling().maxNewTokensProperty().set(50);
        vm.sampling().greedyProperty().set(true);
        vm.promptTextProperty().set("hello\n---\nthe hell");
        vm.comparisonProperty().addListener((obs, old, c) -> c.prompt(0).output(0).tokens()
                .addListener((ListChangeListener<Token>) ch -> {
                    if (ch.getList().size() == 3) {
                        vm.stop();
                    }
                }));

        vm.generate();

        PromptResult p0 = vm.comparisonProperty().get().prompt(0);
        assertEquals(ColumnOutput.State.STOPPED, p0.output(0).stateProperty().get());
        assertTrue(p0.output(0).tokens().size() <= 4, "stops within a token of the request");
        assertEquals(ColumnOutput.State.WAITING, p0.output(1).stateProperty().get());
        assertFalse(vm.statusModel().busyProperty().get());
        assertTrue(vm.statusModel().textProperty().get().startsWith("Stopped"));
        assertFalse(BlindJudge.canJudge(p0), "half answers are not judged");
    }

    @Test
    void aThirdColumnIsComparedWithTheChosenReference() {
        vm.sampling().greedyProperty().set(true);
        vm.promptTextProperty().set("hello");
        vm.addColumn(); // base again: the only source not shown is none, so the base

        vm.generate();
        PromptResult p = vm.comparisonProperty().get().prompt(0);
        assertEquals(List.of(1, 0, 0), compared(p), "the first column is the reference, compared with the next");
        vm.referenceProperty().set(1);

        assertEquals(List.of(1, 0, 1), compared(p));
        assertTrue(p.output(2).tokens().stream().allMatch(Token::scored));
        // base (column 2) against the adapter: the same tokens base column 0 scored
        assertEquals(p.output(0).tokens().get(0).otherLogProb(), p.output(2).tokens().get(0).otherLogProb(), 1e-7);
    }

    @Test
    void anAdapterForAnotherModelFailsWithAReadableError() throws Exception {
        Path bad = Files.createDirectories(home.resolve("elsewhere/adapter"));
        Files.writeString(bad.resolve("adapter_config.json"),
                "{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alpha\": 8, \"target_modules\": [\"q_proj\"]}");
        Files.writeString(bad.resolve("adapter_model.safetensors"), "not safetensors");
        vm.setColumn(1, vm.sources().add(bad));

        vm.generate();

        assertEquals("The comparison could not run.", vm.statusModel().errorMessageProperty().get());
        assertTrue(vm.statusModel().errorReasonProperty().get().contains("elsewhere (final)"),
                vm.statusModel().errorReasonProperty().get());
        assertFalse(vm.statusModel().busyProperty().get());
    }

    @Test
    void withoutAModelOrPromptItSaysWhatToDo() {
        vm.promptTextProperty().set("  \n---\n ");
        vm.generate();
        assertEquals("Write a prompt first.", vm.statusModel().errorMessageProperty().get());
        vm.statusModel().dismissError();

        CompareViewModel none = new CompareViewModel(
                CompareFixture.workbench(new CurrentThreadTaskRunner(), prefs, home, null), Runnable::run);
        none.generate();
        assertEquals("Open a model first.", none.statusModel().errorMessageProperty().get());
        assertNull(none.comparisonProperty().get());
    }

    private static long[] direct(LoadedModel lm, long[] prompt) {
        var tok = lm.tokenizer().orElseThrow();
        return new Generator(lm.model(), ids -> tok.decode(ids, true), lm.padTokenId())
                .generate(List.of(prompt), GenerationSpec.greedy(12).withEosTokenIds(lm.eosTokenIds()),
                        GenerationListener.NONE).get(0).ids();
    }

    private static long[] ids(ColumnOutput out) {
        return out.tokens().stream().mapToLong(Token::id).toArray();
    }

    private List<String> texts() {
        return vm.comparisonProperty().get().prompt(0).outputs().stream().map(ColumnOutput::text).toList();
    }

    private static List<Integer> compared(PromptResult p) {
        return p.outputs().stream().map(o -> o.comparedWithProperty().get()).toList();
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
