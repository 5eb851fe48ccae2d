package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The model a run fine-tunes: a Hugging Face checkpoint folder, the chat template that renders
 * the examples, and the device the run holds.
 *
 * @param path folder with config.json, the safetensors and the tokenizer
 * @param chatTemplate null = the model's own template; or one of {@link #CHAT_TEMPLATES}
 * @param device "cpu", or "cuda" / "cuda:N" (PyTorch's names; DJL's "gpu" / "gpu:N" also accepted)
 * @param gradientCheckpointing keep only each decoder layer's input in the forward pass and
 *     recompute the layer in backward: less activation memory for about a third more compute
 *     (transformers' {@code gradient_checkpointing_enable()})
 */
public record ModelSpec(String path, String chatTemplate, String device, boolean gradientCheckpointing) {

    public static final String DEFAULT_DEVICE = "cpu";
    /** For base models that ship without a template. */
    public static final List<String> CHAT_TEMPLATES = List.of("chatml", "alpaca");
    private static final Pattern DEVICE = Pattern.compile("cpu|(cuda|gpu)(:\\d+)?");

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
        if (device == null || !DEVICE.matcher(device).matches()) {
            String got = device == null ? "nothing" : "'" + device + "'";
            out.add(new ConfigProblem("device", "must be cpu, cuda or cuda:N, got " + got));
        }
        return out;
    }
}
