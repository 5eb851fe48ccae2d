package tunebench.engine.train.config;

import java.util.Objects;

/**
 * One thing wrong with a run config, keyed by its dotted snake_case name ({@code optim.lr}) so
 * a form can mark the field and the CLI can print the same key the user would {@code --set}.
 */
public record ConfigProblem(String key, String message) {

    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** The same problem seen from the enclosing section: {@code lr} under {@code optim}. */
    public ConfigProblem under(String section) {
        return new ConfigProblem(section + "." + key, message);
    }

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
