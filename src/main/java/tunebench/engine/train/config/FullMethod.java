package tunebench.engine.train.config;

import java.util.List;

/**
 * Full fine-tuning: every weight trains. Needs memory for the weights, their gradients and
 * two AdamW moments each, so it suits small models; it has no settings of its own.
 */
public record FullMethod() implements Method {

    public static final String TYPE = "full";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<ConfigProblem> validate() {
        return List.of();
    }
}
