package tunebench.engine.train.config;

import java.io.IOException;

/**
 * A run config that cannot be read: not JSON, an unknown key, a value of the wrong type, a
 * newer schema. The message is a sentence for the user; {@link #key()} lets a form mark the field.
 */
public final class RunConfigException extends IOException {

    private final String key;

    public RunConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public RunConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The dotted key at fault ({@code schedule.max_steps}); null when it is the whole file. */
    public String key() {
        return key;
    }
}
