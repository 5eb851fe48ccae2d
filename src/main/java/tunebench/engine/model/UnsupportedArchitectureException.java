package tunebench.engine.model;

import java.io.IOException;

/** A checkpoint whose {@code architectures} we cannot run; the message lists those we can. */
public final class UnsupportedArchitectureException extends IOException {

    private static final long serialVersionUID = 1L;

    public UnsupportedArchitectureException(String message) {
        super(message);
    }
}
