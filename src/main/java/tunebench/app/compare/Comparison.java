package tunebench.app.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tunebench.app.compare.ComparisonJob.ScoreRequest;

/**
 * The results of one Generate: the base and columns it ran with, each prompt's answers, and
 * every score computed so far. Decides which column each column's colours compare against:
 * the reference column (the first by default; "A" in blind mode, so colours give no names
 * away), and the reference itself against the next column. Lives on the FX thread.
 */
public final class Comparison {

    /** A column's text scored under a model; models are keyed by source, so twins share. */
    private record ScoreKey(int prompt, int column, ColumnSource under) {}

    private final Path baseDir;
    private final List<ColumnSource> columns;
    private final List<PromptResult> prompts = new ArrayList<>();
    private final Map<ScoreKey, float[]> scores = new HashMap<>();
    private boolean chat;

    Comparison(Path baseDir, List<ColumnSource> columns, List<String> prompts, long blindSeed) {
        this.baseDir = baseDir;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < prompts.size(); i++) {
            this.prompts.add(new PromptResult(prompts.get(i), columns.size(), blindSeed, i));
        }
    }

    public Path baseDir() {
        return baseDir;
    }

    public List<ColumnSource> columns() {
        return columns;
    }

    public List<PromptResult> prompts() {
        return prompts;
    }

    public PromptResult prompt(int index) {
        return prompts.get(index);
    }

    /** Whether prompts went through the model's chat template. */
    public boolean chat() {
        return chat;
    }

    void setChat(boolean chat) {
        this.chat = chat;
    }

    /** The columns in the order they are shown (and generated): shuffled when blind. */
    public int[] order(int prompt, boolean blind) {
        return blind ? prompts.get(prompt).blindOrder() : identity();
    }

    /** The column {@code column}'s colours compare against. */
    public int comparedWith(int prompt, int column, boolean blind, int reference) {
        int[] order = order(prompt, blind);
        int ref = blind ? order[0] : Math.min(Math.max(reference, 0), columns.size() - 1);
        if (column != ref) {
            return ref;
        }
        for (int c : order) {
            if (c != ref) {
                return c;
            }
        }
        return ref;
    }

    /**
     * The scores this prompt's colours need: each column's text under its own model and under
     * the model it is compared with, each (text, model) once. Reads only what is fixed at
     * construction, so the worker may call it.
     */
    List<ScoreRequest> needed(int prompt, boolean blind, int reference) {
        List<ScoreRequest> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            for (int under : new int[] {c, comparedWith(prompt, c, blind, reference)}) {
                ScoreRequest r = new ScoreRequest(prompt, c, under);
                if (out.stream().noneMatch(o -> key(o).equals(key(r)))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The needed scores not computed yet (FX thread). */
    List<ScoreRequest> missing(int prompt, boolean blind, int reference) {
        List<ScoreRequest> out = new ArrayList<>(needed(prompt, blind, reference));
        out.removeIf(r -> scores.containsKey(key(r)));
        return out;
    }

    void putScores(int prompt, int column, int under, float[] logProbs) {
        scores.put(new ScoreKey(prompt, column, columns.get(under)), logProbs);
    }

    /** Colours every column of the prompt whose two scores are known. */
    void colour(int prompt, boolean blind, int reference) {
        for (int c = 0; c < columns.size(); c++) {
            int other = comparedWith(prompt, c, blind, reference);
            float[] own = scores.get(new ScoreKey(prompt, c, columns.get(c)));
            float[] theirs = scores.get(new ScoreKey(prompt, c, columns.get(other)));
            if (own != null && theirs != null) {
                prompts.get(prompt).output(c).showScores(own, theirs, other);
            }
        }
    }

    private ScoreKey key(ScoreRequest r) {
        return new ScoreKey(r.prompt(), r.column(), columns.get(r.underColumn()));
    }

    private int[] identity() {
        int[] order = new int[columns.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }
}
