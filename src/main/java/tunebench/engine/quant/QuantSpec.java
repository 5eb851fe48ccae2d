package tunebench.engine.quant;

import java.util.List;

/**
 * How frozen base weights are stored: what bitsandbytes' {@code BitsAndBytesConfig} says with
 * {@code load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=...}. The
 * compute dtype is the model's (float32 on the CPU); weights are dequantized into it.
 *
 * @param quantType only {@value #NF4} (bitsandbytes' fp4 is not implemented)
 * @param doubleQuant store the absmax constants as 8-bit codes too (QLoRA's choice)
 * @param blockSize weights per absmax; bitsandbytes' 4-bit default is 64
 */
public record QuantSpec(String quantType, boolean doubleQuant, int blockSize) {

    public static final String NF4 = "nf4";
    /** Names a user may give (CLI {@code --quantize}, config {@code quant_type}). */
    public static final List<String> TYPES = List.of(NF4);

    public QuantSpec {
        if (!NF4.equals(quantType)) {
            throw new IllegalArgumentException("quantization '" + quantType
                    + "' is not supported; Tunebench quantizes to " + String.join(", ", TYPES));
        }
        // bitsandbytes allows powers of two from 32 to 4096 (64 for 4-bit by default).
        if (blockSize < 32 || blockSize > 4096 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("NF4 block size must be a power of two from 32 to"
                    + " 4096, got " + blockSize);
        }
    }

    /** QLoRA's storage: NF4, blocks of 64, double quantization. */
    public static QuantSpec nf4() {
        return new QuantSpec(NF4, true, Nf4.DEFAULT_BLOCK_SIZE);
    }

    public QuantSpec withDoubleQuant(boolean dq) {
        return new QuantSpec(quantType, dq, blockSize);
    }
}
