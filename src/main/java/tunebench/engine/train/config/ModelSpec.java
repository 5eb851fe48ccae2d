package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import tunebench.engine.model.ComputeDtype;
import tunebench.engine.runtime.DeviceChoice;

/**
 * The model a run fine-tunes: a Hugging Face checkpoint folder, the chat template that renders
 * the examples, and the device the run holds.
 *
 * @param path folder with config.json, the safetensors and the tokenizer
 * @param chatTemplate null = the model's own template; or one of {@link #CHAT_TEMPLATES}
 * @param device "cpu", "cuda" / "cuda:N" (PyTorch's names), "gpu" / "gpu:N" (DJL's), or "auto"
 *     (the first GPU when the engine has CUDA, else the CPU); parsed by {@link DeviceChoice}
 * @param gradientCheckpointing keep only each decoder layer's input in the forward pass and
 *     recompute the layer in backward: less activation memory for about a third more compute
 *     (transformers' {@code gradient_checkpointing_enable()})
 * @param dtype what the base computes in: "float32", "float16" (frozen weights in FP16, LoRA
 *     weights, optimizer state and the loss in FP32, dynamic loss scaling), or "auto" (FP16 on
 *     a GPU, FP32 on the CPU); parsed by {@link ComputeDtype}
 */
public record ModelSpec(String path, String chatTemplate, String device, boolean gradientCheckpointing,
        String dtype) {

    public static final String DEFAULT_DEVICE = "auto";
    public static final String DEFAULT_DTYPE = ComputeDtype.AUTO;
    /** For base models that ship without a template. */
    public static final List<String> CHAT_TEMPLATES = List.of("chatml", "alpaca");

    /** A spec with the default dtype (auto), as written before model.dtype existed. */
    public ModelSpec(String path, String chatTemplate, String device, boolean gradientCheckpointing) {
        this(path, chatTemplate, device, gradientCheckpointing, DEFAULT_DTYPE);
    }

    public static ModelSpec of(String path) {
        return new ModelSpec(path, null, DEFAULT_DEVICE, false, DEFAULT_DTYPE);
    }

    public ModelSpec withPath(String p) {
        return new ModelSpec(p, chatTemplate, device, gradientCheckpointing, dtype);
    }

    public ModelSpec withChatTemplate(String template) {
        return new ModelSpec(path, template, device, gradientCheckpointing, dtype);
    }

    public ModelSpec withDevice(String d) {
        return new ModelSpec(path, chatTemplate, d, gradientCheckpointing, dtype);
    }

    public ModelSpec withGradientCheckpointing(boolean on) {
        return new ModelSpec(path, chatTemplate, device, on, dtype);
    }

    public ModelSpec withDtype(String d) {
        return new ModelSpec(path, chatTemplate, device, gradientCheckpointing, d);
    }

    /** Problems keyed relative to this section ({@code path}, not {@code model.path}). */
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>();
        if (path == null || path.isBlank()) {
            out.add(new ConfigProblem("path", "required: the model folder to fine-tune"));
        }
        if (chatTemplate != null && !CHAT_TEMPLATES.contains(chatTemplate)) {
            out.add(new ConfigProblem("chat_template", "unknown template '" + chatTemplate
                    + "' (known: " + String.join(", ", CHAT_TEMPLATES)
                    + "; leave it out to use the model's)"));
        }
        if (!DeviceChoice.isValid(device)) {
            String got = device == null ? "nothing" : "'" + device + "'";
            out.add(new ConfigProblem("device", "must be " + DeviceChoice.ACCEPTED + ", got " + got));
        }
        if (dtype == null || !ComputeDtype.isValid(dtype)) {
            String got = dtype == null ? "nothing" : "'" + dtype + "'";
            String bf16 = dtype != null && dtype.toLowerCase(java.util.Locale.ROOT).startsWith("bf")
                    ? " (DJL cannot compute in BF16; BF16 checkpoints are converted on load)" : "";
            out.add(new ConfigProblem("dtype", "must be " + ComputeDtype.ACCEPTED + ", got " + got + bf16));
        }
        return out;
    }
}
