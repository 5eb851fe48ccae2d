package tunebench.app.compare;

import java.util.List;
import tunebench.engine.generate.GeneratedText;

/**
 * The job's reports, carried to the FX thread through the queue: tokens in coalesced batches,
 * everything else at once (and in order after the tokens before it).
 */
final class ComparisonEvents implements ComparisonJob.Events {

    private final Comparison comparison;
    private final FxQueue queue;
    private final CompareViewModel vm;

    ComparisonEvents(Comparison comparison, FxQueue queue, CompareViewModel vm) {
        this.comparison = comparison;
        this.queue = queue;
        this.vm = vm;
    }

    @Override
    public void status(String text) {
        queue.postNow(() -> vm.statusModel().loading(text));
    }

    @Override
    public void encoded(List<long[]> promptIds, boolean chat) {
        queue.postNow(() -> {
            for (int p = 0; p < promptIds.size(); p++) {
                comparison.prompt(p).setPromptIds(promptIds.get(p));
            }
            comparison.setChat(chat);
        });
    }

    @Override
    public void columnStarted(int prompt, int column) {
        queue.postNow(() -> {
            comparison.prompt(prompt).output(column).started();
            vm.statusModel().columnStarted(describe(prompt, column));
        });
    }

    @Override
    public void token(int prompt, int column, long id, String text) {
        queue.post(() -> {
            comparison.prompt(prompt).output(column).append(id, text);
            vm.statusModel().token();
        });
    }

    @Override
    public void columnFinished(int prompt, int column, GeneratedText result) {
        queue.postNow(() -> {
            comparison.prompt(prompt).output(column).finished(result);
            vm.statusModel().columnFinished();
        });
    }

    @Override
    public void scored(int prompt, int column, int underColumn, float[] logProbs) {
        queue.postNow(() -> {
            comparison.putScores(prompt, column, underColumn, logProbs);
            comparison.colour(prompt, vm.blindNow(), vm.referenceNow());
        });
    }

    @Override
    public boolean cancelled() {
        return vm.cancelRequested();
    }

    /** "prompt 2/3 · sft-lora (final)"; in blind mode the letter only, names stay hidden. */
    private String describe(int prompt, int column) {
        String who = vm.blindNow()
                ? "answer " + PromptResult.letter(comparison.prompt(prompt).blindPosition(column))
                : comparison.columns().get(column).label();
        return "prompt " + (prompt + 1) + "/" + comparison.prompts().size() + " · " + who;
    }
}
