package tunebench.app.compare;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import tunebench.engine.generate.GeneratedText;
import tunebench.engine.generate.GeneratedText.FinishReason;

/**
 * One column's answer to one prompt, growing token by token while it is generated, then
 * coloured once its tokens are scored. Lives on the FX thread.
 */
public final class ColumnOutput {

    /** Where the answer stands. */
    public enum State { WAITING, GENERATING, DONE, STOPPED }

    private final ObservableList<Token> tokens = FXCollections.observableArrayList();
    private final ObservableList<Token> tokensView = FXCollections.unmodifiableObservableList(tokens);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.WAITING);
    private final ReadOnlyIntegerWrapper comparedWith = new ReadOnlyIntegerWrapper(-1);
    private GeneratedText result;

    void started() {
        tokens.clear();
        state.set(State.GENERATING);
    }

    void append(long id, String text) {
        tokens.add(Token.unscored(id, text));
    }

    void finished(GeneratedText out) {
        result = out;
        String streamed = text(tokens);
        if (!tokens.isEmpty() && !streamed.equals(out.text()) && out.text().startsWith(streamed)) {
            // A last half character is held back while streaming; the final text has it.
            Token last = tokens.get(tokens.size() - 1);
            tokens.set(tokens.size() - 1, Token.unscored(last.id(),
                    last.text() + out.text().substring(streamed.length())));
        }
        state.set(out.finishReason() == FinishReason.CANCELLED ? State.STOPPED : State.DONE);
    }

    /** Colours the tokens: their log-probs here and under {@code otherColumn}'s model. */
    void showScores(float[] own, float[] other, int otherColumn) {
        if (own.length != tokens.size() || other.length != tokens.size()) {
            return; // scores of another text (a newer run replaced it): nothing to colour
        }
        List<Token> scored = new ArrayList<>(tokens.size());
        for (int i = 0; i < own.length; i++) {
            Token t = tokens.get(i);
            scored.add(new Token(t.id(), t.text(), own[i], other[i]));
        }
        comparedWith.set(otherColumn);
        tokens.setAll(scored);
    }

    public ObservableList<Token> tokens() {
        return tokensView;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The column the colours compare against; -1 before scoring. */
    public ReadOnlyIntegerProperty comparedWithProperty() {
        return comparedWith.getReadOnlyProperty();
    }

    /** The finished text, or null while generating. */
    public GeneratedText result() {
        return result;
    }

    /** The text so far (the finished text once done). */
    public String text() {
        if (result != null) {
            return result.text();
        }
        return text(tokens);
    }

    private static String text(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        tokens.forEach(t -> sb.append(t.text()));
        return sb.toString();
    }

    public boolean endedWithEos() {
        return result != null && result.finishReason() == FinishReason.EOS;
    }
}
