package tunebench.app.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import tunebench.app.TaskRunner;
import tunebench.app.Workbench;
import tunebench.app.model.ModelViewModel;
import tunebench.app.model.RecentModels;
import tunebench.testing.Fixtures;

/**
 * The reference fixture as a model the Compare screen can run: tiny-llama's weights with the
 * hand-made tiny-bpe tokenizer (its 266 ids fit the fixture's 320), and the fixture's PEFT
 * adapter as the final adapter of a run named "fixture-run" under {@code home/runs}.
 */
final class CompareFixture {

    static final String ADAPTER_LABEL = "fixture-run (final)";

    /** ChatML with the tokenizer's own markers, so chat prompts stop at <|im_end|>. */
    private static final String TOKENIZER_CONFIG = """
            {"add_bos_token": false, "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>",
             "chat_template": "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\\\n' + message['content'] + '<|im_end|>' + '\\\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\\\n' }}{% endif %}"}
            """;

    private CompareFixture() {}

    /** Writes the model to {@code home/model} and the run to {@code home/runs}; returns the model. */
    static Path install(Path home) {
        return install(home, 8);
    }

    /**
     * The same with the adapter's lora_alpha set to {@code alpha} (the fixture's is 8): a
     * larger alpha scales its effect up, so some tokens' probabilities move clearly.
     */
    static Path install(Path home, int alpha) {
        try {
            Path model = Files.createDirectories(home.resolve("model"));
            for (String f : new String[] {"config.json", "generation_config.json", "model.safetensors"}) {
                Files.copy(Fixtures.tinyLlama().resolve(f), model.resolve(f));
            }
            try (InputStream in = CompareFixture.class.getResourceAsStream("/tokenizer/tiny-bpe/tokenizer.json")) {
                Files.copy(in, model.resolve("tokenizer.json"));
            }
            Files.writeString(model.resolve("tokenizer_config.json"), TOKENIZER_CONFIG);
            Path adapter = Files.createDirectories(home.resolve("runs/fixture-run/adapter"));
            Files.copy(Fixtures.tinyLlama().resolve("adapter/adapter_model.safetensors"),
                    adapter.resolve("adapter_model.safetensors"));
            String config = Files.readString(Fixtures.tinyLlama().resolve("adapter/adapter_config.json"));
            Files.writeString(adapter.resolve("adapter_config.json"),
                    config.replace("\"lora_alpha\": 8,", "\"lora_alpha\": " + alpha + ","));
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path adapterDir(Path home) {
        return home.resolve("runs/fixture-run/adapter").toAbsolutePath().normalize();
    }

    static Preferences newPrefs() {
        return Preferences.userRoot().node("tunebench-test/" + UUID.randomUUID());
    }

    /** A workbench at {@code home} whose Model screen has opened {@code model}. */
    static Workbench workbench(TaskRunner runner, Preferences prefs, Path home, Path model) {
        ModelViewModel mvm = new ModelViewModel(runner, new RecentModels(prefs, home.resolve("no-assets")));
        Workbench wb = new Workbench(runner, prefs, mvm, home);
        if (model != null) {
            mvm.open(model);
        }
        return wb;
    }
}
