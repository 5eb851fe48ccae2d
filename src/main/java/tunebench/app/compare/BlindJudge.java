package tunebench.app.compare;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import tunebench.app.AppTask;
import tunebench.app.TaskRunner;
import tunebench.app.compare.PreferenceFile.Pair;
import tunebench.app.compare.PromptResult.Verdict;

/**
 * Blind mode's verdicts: the user picks the best answer without names, the names are revealed,
 * and the pick is saved as DPO pairs, the winner as "chosen" against every other answer as
 * "rejected" (with more than two columns, picking the best gives one pair per loser). A tie
 * saves nothing: DPO needs a preference. Answers equal to the winner's are not paired, they
 * teach nothing. Saves run off the FX thread one after another, so two quick picks never race
 * on the file.
 */
public final class BlindJudge {

    private final TaskRunner runner;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>(this, "file");
    private final ReadOnlyIntegerWrapper savedPairs = new ReadOnlyIntegerWrapper(this, "savedPairs");
    private final Deque<List<Pair>> waiting = new ArrayDeque<>();
    private boolean saving;

    BlindJudge(TaskRunner runner, Path runsDir, Consumer<Throwable> onError) {
        this.runner = runner;
        this.onError = onError;
        file.set(runsDir.resolve("preferences-" + LocalDate.now() + ".jsonl"));
    }

    /** The user finds the answer shown at {@code position} ("A" = 0) the best. */
    public void choose(PromptResult prompt, int position) {
        if (!canJudge(prompt)) {
            return;
        }
        int winner = prompt.blindOrder()[position];
        prompt.judge(new Verdict(winner));
        String chosen = prompt.output(winner).text();
        List<Pair> pairs = new ArrayList<>();
        for (int c = 0; c < prompt.outputs().size(); c++) {
            String rejected = prompt.output(c).text();
            if (c != winner && !rejected.equals(chosen)) {
                pairs.add(new Pair(prompt.prompt(), chosen, rejected));
            }
        }
        if (!pairs.isEmpty()) {
            waiting.add(pairs);
            saveNext();
        }
    }

    /** Equally good (or bad): revealed, nothing saved. */
    public void tie(PromptResult prompt) {
        if (canJudge(prompt)) {
            prompt.judge(Verdict.TIE);
        }
    }

    /** Only finished, unjudged prompts: a half answer is not a fair contest. */
    public static boolean canJudge(PromptResult prompt) {
        return prompt != null && prompt.verdictProperty().get() == null && prompt.complete();
    }

    private void saveNext() {
        if (saving || waiting.isEmpty()) {
            return;
        }
        saving = true;
        List<Pair> pairs = waiting.poll();
        Path target = file.get();
        runner.submit(AppTask.of(() -> {
            PreferenceFile.append(target, pairs);
            return pairs.size();
        }).onSuccess(n -> {
            savedPairs.set(savedPairs.get() + n);
            saving = false;
            saveNext();
        }).onFailure(e -> {
            saving = false;
            onError.accept(new java.io.IOException("Could not save the choice to " + target
                    + ": " + e.getMessage(), e));
            saveNext();
        }));
    }

    /** Where choices go; appended to, never overwritten. */
    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    /** Pairs written since the screen opened. */
    public ReadOnlyIntegerProperty savedPairsProperty() {
        return savedPairs.getReadOnlyProperty();
    }
}
