package tunebench.app.dataset;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.util.Duration;
import tunebench.app.AppTask;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.DatasetRecord;
import tunebench.engine.data.Example;
import tunebench.engine.data.ExampleSet;
import tunebench.engine.data.TemplatePreviewer.Preview;
import tunebench.engine.data.TemplatePreviewer;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * The Preview tab's state: the selected example as the open model will read it, worked out in
 * the background a moment after the last edit (each newer request wins; a late result of an
 * older one is dropped), and re-marked at once when only the max length changes.
 */
final class PreviewViewModel {

    static final Duration DELAY = Duration.millis(200);

    private final DatasetViewModel vm;
    private final ModelTokenizer tokens;
    private final Debounce debounce;
    private final ReadOnlyObjectWrapper<TokenView> view =
            new ReadOnlyObjectWrapper<>(this, "view", TokenView.message("Select an example to preview it."));
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ChangeListener<DatasetRecord> onRecord = (obs, old, now) -> request();
    private DatasetRow row;
    private long ticket;
    private boolean active = true;
    private boolean stale;
    private Rendered last; // the newest previews, to re-mark when the max length changes

    /** Previews and what they were made with. */
    private record Rendered(List<String> titles, List<Preview> previews, String template) {}

    PreviewViewModel(DatasetViewModel vm, ModelTokenizer tokens, Duration delay) {
        this.vm = vm;
        this.tokens = tokens;
        this.debounce = new Debounce(delay, this::compute);
        tokens.tokenizerProperty().addListener((obs, old, now) -> request());
        tokens.statusProperty().addListener((obs, old, now) -> request());
        vm.formatProperty().addListener((obs, old, now) -> request());
        tokens.maxLengthProperty().addListener((obs, old, now) -> remark());
    }

    /** Previews this row from now on, following its edits; null previews nothing. */
    void show(DatasetRow next) {
        if (row != null) {
            row.recordProperty().removeListener(onRecord);
        }
        row = next;
        if (row != null) {
            row.recordProperty().addListener(onRecord);
        }
        request();
    }

    ReadOnlyObjectProperty<TokenView> viewProperty() {
        return view.getReadOnlyProperty();
    }

    /** True while a preview is being worked out. */
    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    IntegerProperty maxLengthProperty() {
        return tokens.maxLengthProperty();
    }

    /** Previews only while shown; a change meanwhile is previewed when it shows again. */
    void setActive(boolean shown) {
        active = shown;
        if (active && stale) {
            request();
        }
    }

    private void request() {
        ticket++; // whatever is running now is stale
        stale = !active;
        if (active) {
            debounce.trigger();
        }
    }

    private void compute() {
        long mine = ++ticket;
        TextTokenizer tok = tokens.tokenizerProperty().get();
        if (row == null || tok == null) {
            last = null;
            busy.set(false);
            view.set(TokenView.message(row == null ? "Select an example to preview it." : tokens.statusProperty().get()));
            return;
        }
        DatasetRecord record = row.record();
        DataFormat format = vm.formatProperty().get();
        busy.set(true);
        vm.workbench.runner().submit(AppTask.of(() -> render(tok, record, format))
                .onSuccess(rendered -> {
                    if (mine == ticket) {
                        busy.set(false);
                        last = rendered;
                        remark();
                    }
                })
                .onFailure(error -> {
                    if (mine == ticket) {
                        busy.set(false);
                        last = null;
                        view.set(TokenView.message(error instanceof Unpreviewable u ? u.getMessage()
                                : "The chat template cannot render this example: " + error.getMessage()));
                    }
                }));
    }

    private void remark() {
        if (last != null) {
            view.set(TokenView.of(last.titles(), last.previews(), tokens.maxLengthProperty().get(), last.template()));
        }
    }

    /** Off the FX thread: the record read as training reads it, then rendered and tokenized. */
    private static Rendered render(TextTokenizer tok, DatasetRecord record, DataFormat format) {
        if (record.isRaw()) {
            throw new Unpreviewable("This line is not valid JSON yet, so there is nothing to preview. Fix it on the JSON tab.");
        }
        if (format == null) {
            throw new Unpreviewable("Tunebench does not recognise this file's format, so it cannot show how a model reads it.");
        }
        ExampleSet set = ExampleSet.of(List.of(record), format);
        if (set.examples().isEmpty()) {
            String why = set.problems().isEmpty() ? "it holds no conversation on its own"
                    : DatasetRow.readable(set.problems().get(0).message());
            throw new Unpreviewable("Training would skip this example (" + why + "), so there is nothing to preview.");
        }
        Example example = set.examples().get(0);
        TemplatePreviewer previewer = TemplatePreviewer.forFormat(tok, format);
        List<String> titles = new ArrayList<>();
        List<Preview> previews = new ArrayList<>();
        previews.add(previewer.preview(example.conversation()));
        titles.add(example.isPreference() ? "Chosen" : "");
        if (example.isPreference()) {
            previews.add(previewer.preview(example.rejectedConversation()));
            titles.add("Rejected");
        }
        return new Rendered(titles, previews, previewer.template().name());
    }

    /** A reason, in words, that this record has no preview. */
    private static final class Unpreviewable extends RuntimeException {
        Unpreviewable(String message) {
            super(message, null, false, false);
        }
    }
}
