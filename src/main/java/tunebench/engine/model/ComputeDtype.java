package tunebench.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The dtype a model computes in, from the user's words ({@code model.dtype}, {@code --dtype}).
 * "auto" is FP16 on a GPU and FP32 on the CPU, where an FP16 matmul runs about 200 times slower
 * than FP32. BF16, what most checkpoints ship in, cannot be held by DJL 0.36 (it aborts the
 * JVM), so FP16 is the half-precision compute type and BF16 weights are converted on load.
 */
public final class ComputeDtype {

    public static final String AUTO = "auto";
    public static final String FLOAT32 = "float32";
    public static final String FLOAT16 = "float16";
    public static final String ACCEPTED = "auto, float32 or float16";

    private ComputeDtype() {}

    /** Whether {@code text} names a dtype {@link #resolve} accepts (null counts as auto). */
    public static boolean isValid(String text) {
        return text == null || parse(text) != null;
    }

    /**
     * @param key what the user set, for messages: "model.dtype" or "--dtype"
     * @param text the dtype as written; null = auto
     * @param device the device the model computes on, which decides auto
     * @throws IllegalArgumentException with one sentence for an unknown or unusable dtype
     */
    public static DataType resolve(String key, String text, Device device) {
        if (text == null || text.isBlank()) {
            return autoFor(device);
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("bfloat16") || t.equals("bf16")) {
            throw new IllegalArgumentException(key + " " + text + ": DJL cannot compute in BF16"
                    + " (it aborts the process); use float16, which the GPU computes in with FP32"
                    + " LoRA weights and loss scaling (BF16 checkpoints are converted on load)");
        }
        String name = parse(t);
        if (name == null) {
            throw new IllegalArgumentException(key + " must be " + ACCEPTED + ", got '" + text + "'");
        }
        return switch (name) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT16 -> DataType.FLOAT16;
            default -> autoFor(device);
        };
    }

    /** FP16 on a GPU, FP32 on the CPU. */
    public static DataType autoFor(Device device) {
        return device != null && device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /** The user's name for a resolved type, as logs and messages print it. */
    public static String nameOf(DataType type) {
        return type == DataType.FLOAT16 ? FLOAT16 : type == DataType.FLOAT32 ? FLOAT32
                : type.toString().toLowerCase(Locale.ROOT);
    }

    /** The canonical name for the spellings torch and Hugging Face users type, or null. */
    private static String parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case AUTO -> AUTO;
            case FLOAT32, "fp32", "float", "f32" -> FLOAT32;
            case FLOAT16, "fp16", "half", "f16" -> FLOAT16;
            default -> null;
        };
    }
}
