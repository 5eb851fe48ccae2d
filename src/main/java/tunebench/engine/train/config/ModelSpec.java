package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
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
 */
public record ModelSpec(String path, String chatTemplate, String device, boolean gradientCheckpointing) {

    public static final String DEFAULT_DEVICE = "cpu";
    /** For base models that ship without a template. */
    public static final List<String> CHAT_TEMPLATES = List.of("chatml", "alpaca");

    public static ModelSpec of(String path) {
        return new ModelSpec(path, null, DEFAULT_DEVICE, false);
    }

    public ModelSpec withPath(String p) {
        return new ModelSpec(p, chatTemplate, device, gradientCheckpointing);
    }

    public ModelSpec withChatTemplate(String template) {
        return new ModelSpec(path, template, device, gradientCheckpointing);
    }

    public ModelSpec withDevice(String d) {
        return new ModelSpec(path, chatTemplate, d, gradientCheckpointing);
    }

    public ModelSpec withGradientCheckpointing(boolean on) {
        return new ModelSpec(path, chatTemplate, device, on);
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
        return out;
    }
}
