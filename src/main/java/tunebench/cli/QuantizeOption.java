package tunebench.cli;

import tunebench.engine.quant.QuantSpec;

/**
 * {@code --quantize nf4}, shared by the commands that load a model: the base's linear weights
 * are stored as 4-bit NormalFloat with double quantization, as QLoRA loads them.
 */
final class QuantizeOption {

    static final String DESCRIPTION = "Load the base with its linear layers quantized: nf4"
            + " (4-bit NormalFloat with double quantization, as QLoRA).";

    private QuantizeOption() {}

    /** The spec for a {@code --quantize} value; null when the option was not given. */
    static QuantSpec spec(String value) {
        if (value == null) {
            return null;
        }
        if (!QuantSpec.TYPES.contains(value)) {
            throw new IllegalArgumentException("--quantize takes " + String.join(" or ",
                    QuantSpec.TYPES) + ", not '" + value + "'");
        }
        return QuantSpec.nf4();
    }
}
