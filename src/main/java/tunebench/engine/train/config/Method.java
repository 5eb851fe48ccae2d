package tunebench.engine.train.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * How a run changes the model, one record per method, told apart in JSON by {@code "type"}.
 * A new method is a record here, a name in {@link #TYPES} and a line in
 * {@link #defaultsFor}; the JSON code needs no change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LoraMethod.class, name = LoraMethod.TYPE),
    @JsonSubTypes.Type(value = QloraMethod.class, name = QloraMethod.TYPE),
    @JsonSubTypes.Type(value = FullMethod.class, name = FullMethod.TYPE),
    @JsonSubTypes.Type(value = DpoMethod.class, name = DpoMethod.TYPE),
    @JsonSubTypes.Type(value = RewardMethod.class, name = RewardMethod.TYPE)
})
public sealed interface Method permits LoraMethod, QloraMethod, FullMethod, DpoMethod,
        RewardMethod {

    /** The {@code "type"} names a config may use today. */
    List<String> TYPES = List.of(LoraMethod.TYPE, QloraMethod.TYPE, FullMethod.TYPE,
            DpoMethod.TYPE, RewardMethod.TYPE);
    /** Named so a config asking for them gets "not yet" rather than "unknown". */
    List<String> PLANNED = List.of();

    /** The {@code "type"} this method is written with. */
    String type();

    /** Problems keyed relative to the method section ({@code r}, not {@code method.r}). */
    List<ConfigProblem> validate();

    /** The method of a fresh config: LoRA, the usual first fine-tune on one machine. */
    static Method defaults() {
        return LoraMethod.defaults();
    }

    /** Defaults for a method type; what {@code --set method.type=full} switches to. */
    static Method defaultsFor(String type) {
        if (LoraMethod.TYPE.equals(type)) {
            return LoraMethod.defaults();
        }
        if (QloraMethod.TYPE.equals(type)) {
            return QloraMethod.defaults();
        }
        if (FullMethod.TYPE.equals(type)) {
            return new FullMethod();
        }
        if (DpoMethod.TYPE.equals(type)) {
            return DpoMethod.defaults();
        }
        if (RewardMethod.TYPE.equals(type)) {
            return RewardMethod.defaults();
        }
        if (PLANNED.contains(type)) {
            throw new IllegalArgumentException("method type '" + type
                    + "' is not supported yet (supported: " + String.join(", ", TYPES) + ")");
        }
        throw new IllegalArgumentException("unknown method type '" + type
                + "' (known: " + String.join(", ", TYPES) + ")");
    }
}
