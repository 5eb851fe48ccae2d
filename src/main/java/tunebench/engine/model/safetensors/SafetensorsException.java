package tunebench.engine.model.safetensors;

import java.io.IOException;

/**
 * A safetensors file (or sharded index) that is malformed, or a request it cannot serve.
 * Messages name the file and, where one is involved, the tensor.
 */
public class SafetensorsException extends IOException {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
