package tunebench.app.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The Preview tab's state without a toolkit: tasks run on the test thread, no debounce. */
class PreviewViewModelTest {

    private static final Path TINY = Path.of("assets", "models", "tunebench-tiny");

    @TempDir
    Path tmp;

    private Preferences prefs;
    private Workbench workbench;
    private DatasetViewModel vm;
    private ModelTokenizer tokens;
    private PreviewViewModel preview;

    @BeforeEach
    void setUp() throws IOException {
        prefs = Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
        var runner = new CurrentThreadTaskRunner();
        workbench = new Workbench(runner, prefs,
                new ModelViewModel(runner, new RecentModels(prefs, tmp.resolve("no-assets"))), tmp);
        vm = new DatasetViewModel(workbench);
        tokens = new ModelTokenizer(workbench);
        preview = new PreviewViewModel(vm, tokens, Duration.ZERO);
        Path file = Files.writeString(tmp.resolve("data.jsonl"), String.join("\n",
                "{\"instruction\": \"Name a color\", \"input\": \"\", \"output\": \"Red\"}",
                "{\"instruction\": \"Count\", \"output\": \"one two three\"}",
                "{not json",
                "{\"instruction\": \"Empty answer\", \"output\": \"\"}") + "\n");
        vm.files().open(file);
    }

    @AfterEach
    void removePrefs() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void withoutAModelItSaysSo() {
        preview.show(vm.rows().get(0));
        assertFalse(preview.viewProperty().get().hasTokens());
        assertTrue(preview.viewProperty().get().message().startsWith("No model is open"));
    }

    @Test
    void showsTheRowWithTheModelsTemplateAndTrainedAnswer() {
        workbench.model().open(TINY);
        preview.show(vm.rows().get(0));
        TokenView view = preview.viewProperty().get();
        assertTrue(view.hasTokens(), view.message());
        assertEquals("<s><|im_start|>user\nName a color<|im_end|>\n<|im_start|>assistant\nRed<|im_end|>\n", text(view));
        assertEquals("Red<|im_end|>", trained(view));
        TokenView.Side side = view.sides().get(0);
        assertTrue(view.header().startsWith(side.tokens() + " tokens · " + side.trained() + " trained · max length 512"),
                view.header());
        assertFalse(view.over());
    }

    @Test
    void followsEditsAndDropsNothingStale() {
        workbench.model().open(TINY);
        DatasetRow row = vm.rows().get(1);
        preview.show(row);
        vm.editText(row, "output", "four five");
        assertEquals("four five<|im_end|>", trained(preview.viewProperty().get()));
        vm.undo();
        assertEquals("one two three<|im_end|>", trained(preview.viewProperty().get()));
    }

    @Test
    void overTheMaxLengthTurnsRedAndMarksTheCutTokens() {
        workbench.model().open(TINY);
        preview.show(vm.rows().get(0));
        int tokensNow = preview.viewProperty().get().sides().get(0).tokens();
        preview.maxLengthProperty().set(10);
        TokenView view = preview.viewProperty().get();
        assertTrue(view.over());
        assertTrue(view.header().contains((tokensNow - 10) + " over"), view.header());
        List<TokenView.Span> spans = view.sides().get(0).spans();
        assertEquals(tokensNow - 10, spans.stream().filter(TokenView.Span::cut).count());
        assertFalse(spans.get(9).cut());
        assertTrue(spans.get(10).cut());
    }

    @Test
    void brokenAndSkippedRecordsSayWhy() {
        workbench.model().open(TINY);
        preview.show(vm.rows().get(2));
        assertTrue(preview.viewProperty().get().message().contains("not valid JSON"), preview.viewProperty().get().message());
        preview.show(vm.rows().get(3));
        String message = preview.viewProperty().get().message();
        assertTrue(message.startsWith("Training would skip this example") && message.contains("output"), message);
    }

    @Test
    void hiddenTabPreviewsWhenShownAgain() {
        workbench.model().open(TINY);
        preview.show(vm.rows().get(0));
        preview.setActive(false);
        vm.editText(vm.rows().get(0), "output", "Blue");
        assertEquals("Red<|im_end|>", trained(preview.viewProperty().get()));
        preview.setActive(true);
        assertEquals("Blue<|im_end|>", trained(preview.viewProperty().get()));
    }

    private static String text(TokenView view) {
        StringBuilder sb = new StringBuilder();
        view.sides().get(0).spans().forEach(s -> sb.append(s.text()));
        return sb.toString();
    }

    private static String trained(TokenView view) {
        StringBuilder sb = new StringBuilder();
        view.sides().get(0).spans().stream().filter(TokenView.Span::trained).forEach(s -> sb.append(s.text()));
        return sb.toString();
    }
}
